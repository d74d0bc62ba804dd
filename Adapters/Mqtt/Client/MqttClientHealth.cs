namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>A snapshot of a client's state and counters, for the health endpoint.</summary>
public sealed record MqttClientHealth
{
    /// <summary>Gets the connection state.</summary>
    public MqttClientState State { get; init; }

    /// <summary>Gets the last error (connection loss, refusal, protocol violation, handler failure), or null.</summary>
    public string? LastError { get; init; }

    /// <summary>Gets when <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Gets when the handler last completed a message.</summary>
    public DateTimeOffset? LastMessageAt { get; init; }

    /// <summary>Gets when the current connection was established.</summary>
    public DateTimeOffset? ConnectedSince { get; init; }

    /// <summary>Gets whether the broker resumed the session at the last (re)connect; false means what it queued for us is gone.</summary>
    public bool SessionPresent { get; init; }

    /// <summary>Gets how many messages the handler completed.</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Gets how many publications completed (acknowledged for QoS 1/2).</summary>
    public long MessagesPublished { get; init; }

    /// <summary>Gets how many times the client reconnected after a loss.</summary>
    public long Reconnects { get; init; }

    /// <summary>Gets how many messages wait for the handler now.</summary>
    public int InboundQueued { get; init; }

    /// <summary>
    /// Gets a configuration error that reconnecting cannot cure, such as another client taking over the session with
    /// the same client id (5.0 reason 0x8E), or null. Cleared once a connection has lasted
    /// <see cref="MqttReconnectOptions.StableAfter"/>.
    /// </summary>
    public string? ConfigurationError { get; init; }
}
