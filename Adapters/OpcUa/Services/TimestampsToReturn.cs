namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.40: which timestamps the server returns with values.</summary>
public enum TimestampsToReturn
{
    /// <summary>The source timestamp.</summary>
    Source = 0,
    /// <summary>The server timestamp.</summary>
    Server = 1,
    /// <summary>Both timestamps.</summary>
    Both = 2,
    /// <summary>No timestamps.</summary>
    Neither = 3,
}
