namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>Parameters of a subscription (Part 4 5.13.2); the server may revise them.</summary>
public sealed record SubscriptionOptions
{
    /// <summary>How often the server publishes. <value>The default value is 500 ms.</value></summary>
    public TimeSpan PublishingInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Publishing intervals without data after which the server sends a keep-alive. <value>The default value is 10.</value></summary>
    public uint MaxKeepAliveCount { get; init; } = 10;

    /// <summary>Publishing intervals without a Publish request after which the server drops the subscription (at least 3 × keep-alive). <value>The default value is 60.</value></summary>
    public uint LifetimeCount { get; init; } = 60;

    /// <summary>Most notifications per Publish response; 0 for no limit. <value>The default value is 0.</value></summary>
    public uint MaxNotificationsPerPublish { get; init; }

    /// <summary>Relative priority among the session's subscriptions. <value>The default value is 0.</value></summary>
    public byte Priority { get; init; }
}
