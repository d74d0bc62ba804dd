namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>What a test mosquitto instance should offer besides a plain loopback listener.</summary>
public sealed record MosquittoOptions
{
    /// <summary>Gets users and passwords for a password_file; when set, anonymous clients are refused.</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }

    /// <summary>Gets whether a second, TLS listener is opened with a test CA made for this instance.</summary>
    public bool Tls { get; init; }

    /// <summary>Gets whether the TLS listener demands a client certificate signed by the test CA.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Gets the listener's max_topic_alias (mosquitto.conf(5); 0 forbids client topic aliases), or null for mosquitto's default of 10.</summary>
    public int? MaxTopicAlias { get; init; }

    /// <summary>
    /// Gets the queue settings instead of the raised ones (max_queued_messages 1000000, max_inflight_messages 100):
    /// an empty list leaves mosquitto's defaults, which drop messages to a slow subscriber; null keeps the raised ones.
    /// </summary>
    public IReadOnlyList<string>? QueueSettings { get; init; }

    /// <summary>Gets the sys_interval in seconds ($SYS topics), or null for mosquitto's default.</summary>
    public int? SysInterval { get; init; }

    /// <summary>
    /// Gets max_inflight_messages (mosquitto.conf(5)): QoS 1/2 messages in flight per client, both ways. Tests raise
    /// it to 100 by default; 20 is mosquitto's own default, which a 3.1.1 client cannot learn.
    /// </summary>
    public int MaxInflightMessages { get; init; } = 100;

    /// <summary>
    /// Gets whether mosquitto logs every packet it sends and receives (log_type debug), so that a test can audit the
    /// broker's side of a QoS 2 exchange with <see cref="MosquittoQos2Audit"/>.
    /// </summary>
    public bool LogPackets { get; init; }
}
