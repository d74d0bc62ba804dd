namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Automatic reconnect after a lost connection: exponential backoff with jitter (Polly), forever while the error is transient.</summary>
public sealed record MqttReconnectOptions
{
    /// <summary>Gets whether the client reconnects by itself. <value>The default value is true.</value></summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the first delay. <value>The default value is 0.5 seconds.</value></summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the longest delay between attempts. <value>The default value is 30 seconds.</value></summary>
    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets whether delays are randomized so that many clients do not reconnect in step. <value>The default value is true.</value></summary>
    public bool UseJitter { get; init; } = true;
}
