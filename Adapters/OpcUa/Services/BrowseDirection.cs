namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.5: which references Browse follows.</summary>
public enum BrowseDirection
{
    /// <summary>Forward references.</summary>
    Forward = 0,
    /// <summary>Inverse references.</summary>
    Inverse = 1,
    /// <summary>Both directions.</summary>
    Both = 2,
}
