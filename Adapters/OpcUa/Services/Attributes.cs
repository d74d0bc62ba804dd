namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Attribute ids of Part 6 A.1 used with Read and Write.</summary>
public static class Attributes
{
    /// <summary>NodeId.</summary>
    public const uint NodeId = 1;
    /// <summary>NodeClass.</summary>
    public const uint NodeClass = 2;
    /// <summary>BrowseName.</summary>
    public const uint BrowseName = 3;
    /// <summary>DisplayName.</summary>
    public const uint DisplayName = 4;
    /// <summary>Description.</summary>
    public const uint Description = 5;
    /// <summary>EventNotifier: monitored with an EventFilter, it delivers the node's events (Part 4 5.12.1.1).</summary>
    public const uint EventNotifier = 12;
    /// <summary>Value.</summary>
    public const uint Value = 13;
    /// <summary>DataType.</summary>
    public const uint DataType = 14;
    /// <summary>ValueRank.</summary>
    public const uint ValueRank = 15;
    /// <summary>AccessLevel.</summary>
    public const uint AccessLevel = 17;
    /// <summary>MinimumSamplingInterval.</summary>
    public const uint MinimumSamplingInterval = 19;
}
