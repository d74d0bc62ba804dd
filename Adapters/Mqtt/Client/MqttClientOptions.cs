using IntegrationHub.Adapters.Mqtt.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Settings of one <see cref="MqttClient"/>. Immutable; defaults are documented on each property.</summary>
public sealed record MqttClientOptions
{
    /// <summary>Gets the broker host name or address. <value>The default value is "127.0.0.1".</value></summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Gets the broker port. <value>The default value is 1883 (use 8883 for TLS).</value></summary>
    public int Port { get; init; } = 1883;

    /// <summary>Gets the protocol revision. <value>The default value is <see cref="MqttProtocolVersion.V500"/>.</value></summary>
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Gets the client identifier; empty lets the broker assign one (5.0) or requires a clean session (3.1.1). <value>The default value is empty.</value></summary>
    public string ClientId { get; init; } = string.Empty;

    /// <summary>
    /// Gets whether the broker discards any previous session: Clean Session (3.1.1) or Clean Start (5.0). Only the
    /// first connection uses it; automatic reconnects always resume the session (clean start false) so that
    /// messages queued while disconnected are delivered. <value>The default value is true.</value>
    /// </summary>
    public bool CleanStart { get; init; } = true;

    /// <summary>Gets the MQTT 5.0 session expiry interval in seconds (0: the session ends with the connection). <value>The default value is 0.</value></summary>
    public uint SessionExpirySeconds { get; init; }

    /// <summary>Gets the keep-alive interval; zero disables it. A silent connection is declared dead within 1.5 times this. <value>The default value is 60 seconds.</value></summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the user name, or null. <value>The default value is null.</value></summary>
    public string? UserName { get; init; }

    /// <summary>Gets the password, or null. <value>The default value is null.</value></summary>
    public string? Password { get; init; }

    /// <summary>Gets the last will the broker publishes if this client disappears, or null. <value>The default value is null.</value></summary>
    public MqttLastWill? LastWill { get; init; }

    /// <summary>Gets the TLS settings; null means plain TCP. <value>The default value is null.</value></summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Gets how many QoS 1/2 messages the broker may have in flight to us (5.0 Receive Maximum). <value>The default value is 100.</value></summary>
    public ushort ReceiveMaximum { get; init; } = 100;

    /// <summary>
    /// Gets the cap on our own unacknowledged QoS 1/2 publications; a 5.0 broker's Receive Maximum lowers it. Null
    /// takes the default: 100 over MQTT 5.0, and 20 over MQTT 3.1.1, where the broker cannot announce its limit and
    /// mosquitto (<c>max_inflight_messages</c>, 20 by default) answers QoS 2 publications beyond it with a PUBREC
    /// and drops them (issue 16 item 14). Raise it over 3.1.1 only as far as the broker's own limit.
    /// <value>The default value is null (100 over 5.0, 20 over 3.1.1).</value>
    /// </summary>
    public ushort? MaximumInflightPublishes { get; init; }

    /// <summary>Gets <see cref="MaximumInflightPublishes"/> or its default for <see cref="ProtocolVersion"/>.</summary>
    internal ushort EffectiveMaximumInflightPublishes
        => MaximumInflightPublishes ?? (ProtocolVersion == MqttProtocolVersion.V311 ? DefaultV311InflightPublishes : (ushort)100);

    /// <summary>mosquitto's default <c>max_inflight_messages</c>, which a 3.1.1 client cannot learn from the broker.</summary>
    internal const ushort DefaultV311InflightPublishes = 20;

    /// <summary>Gets the largest packet accepted from the broker; bigger ones close the connection (sent to 5.0 brokers). <value>The default value is 1 MiB.</value></summary>
    public int MaximumPacketSize { get; init; } = 1024 * 1024;

    /// <summary>Gets the highest inbound topic alias accepted (5.0 Topic Alias Maximum). <value>The default value is 64.</value></summary>
    public ushort TopicAliasMaximum { get; init; } = 64;

    /// <summary>
    /// Gets whether our publications use topic aliases (5.0), up to the Topic Alias Maximum the broker announced in
    /// CONNACK: the first distinct topics get one, repeats are sent with an empty topic. <value>The default value is true.</value>
    /// </summary>
    public bool UseOutboundTopicAliases { get; init; } = true;

    /// <summary>
    /// Gets how many received messages may wait for the handler. When the queue is full the client stops reading the
    /// socket, so TCP flow control pushes back on the broker instead of memory growing. <value>The default value is 256.</value>
    /// </summary>
    public int InboundQueueCapacity { get; init; } = 256;

    /// <summary>
    /// Gets how long the receive thread waits after a short read, so that messages arriving in a stream are taken from
    /// the socket many at a time instead of one wake-up each. Inbound messages may arrive this much later; answers to
    /// the client's own requests (PUBACK, SUBACK, PINGRESP, ...) never wait. Zero turns it off.
    /// <value>The default value is 1 millisecond.</value>
    /// </summary>
    public TimeSpan ReceiveCoalescing { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Gets the time allowed for TCP connect, TLS handshake and CONNACK together. <value>The default value is 10 seconds.</value></summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the reconnect policy. <value>The default value reconnects forever, 0.5 s doubling to 30 s, with jitter.</value></summary>
    public MqttReconnectOptions Reconnect { get; init; } = new();

    /// <summary>Gets the MQTT 5.0 user properties sent with CONNECT. <value>The default value is none.</value></summary>
    public IReadOnlyList<MqttUserProperty> ConnectUserProperties { get; init; } = [];

    /// <summary>
    /// Gets where the session state is kept (our publications in flight, inbound QoS 2 ids awaiting PUBREL), so that
    /// a new instance resuming the session (CleanStart false) neither reuses packet ids the broker still holds nor
    /// handles a QoS 2 message twice. Null keeps it in memory for this instance only: a new instance then resumes
    /// the session without it, and logs that once (event 4311; README "Sessions"). Used only with a ClientId.
    /// <value>The default value is null (in memory).</value>
    /// </summary>
    public IMqttSessionStore? SessionStore { get; init; }

    /// <summary>Gets the clock for keep-alive, timeouts and backoff. <value>The default value is <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets where the client says what happened to its connection: connected, lost, each failed reconnect attempt with
    /// the next delay, refused subscriptions, failed handlers. <value>The default value logs nowhere.</value>
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
