namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// Automatic reconnect after a lost connection: exponential backoff with jitter, forever while the error is transient.
/// The backoff carries on across connections that end before <see cref="StableAfter"/> (issue 16 items 12 and 17):
/// a CONNACK alone does not reset it, so a broker that accepts and then drops the client at once is not hammered.
/// </summary>
public sealed record MqttReconnectOptions
{
    /// <summary>Gets whether the client reconnects by itself. <value>The default value is true.</value></summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the first delay. <value>The default value is 0.5 seconds.</value></summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the longest delay between attempts. <value>The default value is 30 seconds.</value></summary>
    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how long a connection must have lasted for its loss to count as a fresh start: the first reconnect is then
    /// immediate and the backoff starts again from <see cref="InitialDelay"/>. A shorter connection, or one that the
    /// broker ended because another client took over the session (5.0 reason 0x8E), continues the backoff.
    /// <value>The default value is 10 seconds.</value>
    /// </summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets whether delays are randomized so that many clients do not reconnect in step. <value>The default value is true.</value></summary>
    public bool UseJitter { get; init; } = true;
}
