namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.20: how messages on a secure channel are protected.</summary>
public enum MessageSecurityMode
{
    /// <summary>Not valid on the wire.</summary>
    Invalid = 0,
    /// <summary>No security.</summary>
    None = 1,
    /// <summary>Messages are signed.</summary>
    Sign = 2,
    /// <summary>Messages are signed and encrypted.</summary>
    SignAndEncrypt = 3,
}
