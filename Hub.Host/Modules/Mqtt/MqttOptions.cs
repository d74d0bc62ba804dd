using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Telemetry;

namespace IntegrationHub.Hub.Host.Modules.Mqtt;

/// <summary>
/// The MQTT telemetry adapter (section <c>Hub:Mqtt</c>). Off unless <see cref="Enabled"/>; secrets such as the
/// password belong in environment variables (<c>Hub__Mqtt__Password</c>), not in appsettings.json.
/// </summary>
internal sealed record MqttOptions
{
    /// <summary>
    /// Turns the MQTT telemetry adapter on: the hub connects to the broker and subscribes to
    /// <see cref="Subscriptions"/> (at least one is required). While off, the other <c>Hub:Mqtt</c> settings are not
    /// checked and nothing connects.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Enabled { get; init; }

    /// <summary>The broker's host name or address; with TLS, also the name its certificate must carry unless <c>Hub:Mqtt:Tls:ServerName</c> says otherwise.</summary>
    /// <value>The default value is <c>127.0.0.1</c>.</value>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The broker's TCP port, 1 to 65535 (checked at start).</summary>
    /// <value>The default value is 1883 (8883 is usual with TLS).</value>
    public int Port { get; init; } = 1883;

    /// <summary>The client id; it names the broker session that keeps messages while the hub is down.</summary>
    /// <value>The default value is <c>integrationhub-</c> and the machine name.</value>
    public string? ClientId { get; init; }

    /// <summary>The MQTT version the hub speaks: 5 or 4, nothing else (checked at start). Shared groups need 5.</summary>
    /// <value>The default value is 5 (MQTT 5.0); 4 is MQTT 3.1.1.</value>
    public int ProtocolVersion { get; init; } = 5;

    /// <summary>The user name the hub gives the broker when it connects; none connects without one.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// The password the hub gives the broker with <see cref="UserName"/>; never logged. Set it through the environment
    /// (<c>Hub__Mqtt__Password</c>), not in a settings file, and use TLS when the broker is not on this host.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// How long the broker keeps the hub's session and its QoS 1/2 messages while the hub is away. 0 starts
    /// clean on every connect and loses what arrived meanwhile.
    /// </summary>
    /// <value>The default value is one day.</value>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The MQTT keep-alive: the hub pings the broker after half of it without traffic, and takes the connection for
    /// dead (and reconnects) when nothing has come from the broker for all of it; the broker drops the hub after one and
    /// a half times it. From 1 second to 18:12:15 (65535 seconds, checked at start); an MQTT 5 broker may impose its own.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest MQTT packet the hub accepts, in bytes (sent to 5.0 brokers as Maximum Packet Size). Over 3.1.1 a
    /// bigger message is read past, dead-lettered with its topic and size, and acknowledged (issue 16 item 12).
    /// </summary>
    /// <value>The default value is 1048576 (1 MiB).</value>
    public int MaximumPacketSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// How far ahead of the hub's clock a reading's own timestamp may be. A reading stamped later than that is
    /// dead-lettered instead of stored, so a device with a wrong clock cannot pin a machine's latest state to a value
    /// no later reading replaces (issue 16 item 19). 0 refuses any reading from the future.
    /// </summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    public MqttTlsSettings Tls { get; init; } = new();

    /// <summary>
    /// The MQTT 5 shared-subscription group of every telemetry subscription that names none of its own (issue 18
    /// item 2): each hub node subscribes to <c>$share/&lt;group&gt;/&lt;filter&gt;</c>, and the broker hands each
    /// message to one member, so several nodes split the telemetry. Give every node the same group and its own
    /// <see cref="ClientId"/>. MQTT 5 only (refused with <see cref="ProtocolVersion"/> 4).
    /// </summary>
    /// <value>The default value is none: every node receives every message.</value>
    public string? SharedGroup { get; init; }

    public IReadOnlyList<TelemetrySubscription> Subscriptions { get; init; } = [];

    /// <summary>The client id the node connects its own session with: <see cref="ClientId"/>, or the machine's default.</summary>
    public string EffectiveClientId() =>
        string.IsNullOrWhiteSpace(ClientId) ? "integrationhub-" + Environment.MachineName.ToLowerInvariant() : ClientId;

    /// <summary>The subscriptions as the adapter takes them: <see cref="SharedGroup"/> applied to those without a group of their own.</summary>
    public IReadOnlyList<TelemetrySubscription> EffectiveSubscriptions() =>
        SharedGroup is { Length: > 0 } group
            ? [.. Subscriptions.Select(s => s.SharedGroup is null ? s with { SharedGroup = group } : s)]
            : Subscriptions;
}
