namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>What the broker said in its CONNACK.</summary>
public sealed record MqttConnectResult
{
    /// <summary>Gets whether the broker resumed an existing session.</summary>
    public bool SessionPresent { get; init; }

    /// <summary>Gets the client identifier the broker assigned (5.0), or null.</summary>
    public string? AssignedClientId { get; init; }

    /// <summary>Gets the broker's receive maximum (5.0), or null when not limited.</summary>
    public ushort? ServerReceiveMaximum { get; init; }

    /// <summary>Gets the broker's maximum packet size (5.0), or null when not limited.</summary>
    public uint? ServerMaximumPacketSize { get; init; }

    /// <summary>Gets the keep-alive the broker imposed (5.0 Server Keep Alive), or null.</summary>
    public ushort? ServerKeepAliveSeconds { get; init; }

    /// <summary>Gets how many topic aliases the broker accepts from us (5.0 Topic Alias Maximum; 0: none, and 3.1.1).</summary>
    public ushort ServerTopicAliasMaximum { get; init; }

    /// <summary>
    /// Gets whether the broker supports shared subscriptions: false when a 5.0 broker said Shared Subscription
    /// Available 0 in CONNACK; null when it did not say (5.0: available) and under 3.1.1, which has none.
    /// </summary>
    public bool? SharedSubscriptionsAvailable { get; init; }

    /// <summary>Gets the maximum QoS the broker supports (5.0), or null for 2.</summary>
    public MqttQualityOfService? MaximumQoS { get; init; }
}
