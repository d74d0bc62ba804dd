using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Transport;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry;

namespace IntegrationHub.Hub.Host.Modules.Mqtt;

/// <summary>
/// Runs the MQTT telemetry adapter. A broker that is down at start-up is retried with a growing delay and reported
/// as Retrying on /health; once connected, the client repairs lost connections by itself and resumes its session.
/// A store that cannot be reached holds the batch in hand, unacknowledged, and is tried again with a growing delay
/// (<see cref="StoreRetryingTelemetrySink"/>), shown as Retrying with the back-off step (issue 17).
/// </summary>
/// <remarks>
/// One instance runs the node's own session (leased work <c>mqtt/&lt;ClientId&gt;</c>, issue 18); others run a dead
/// node's session that this node adopted (<see cref="Adoption.MqttSessionAdoption"/>), under that node's client id.
/// Both may be stopped and started again as their lease comes and goes, so each start makes a new adapter and sink.
/// </remarks>
internal sealed class MqttTelemetryService : BackgroundService, IAdapterStatusSource
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly MqttOptions _mqtt;
    private readonly ITelemetrySink _target;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly IMqttSessionStore _sessionStore;
    private readonly IStoreHealthProbe _store;
    private readonly ILogger _logger;
    private readonly string _clientId;
    private StoreRetryingTelemetrySink? _sink;
    private MqttTelemetryAdapter? _adapter;
    private volatile string? _startError;

    /// <summary>The node's own session, under <see cref="MqttOptions.EffectiveClientId"/>.</summary>
    public MqttTelemetryService(
        MqttOptions mqtt, ITelemetrySink sink, TimeProvider time, ILoggerFactory loggers, IMqttSessionStore sessionStore, IStoreHealthProbe store)
        : this(mqtt, sink, time, loggers, sessionStore, store, adoptedClientId: null)
    {
    }

    /// <summary>A session under another node's client id (adopted), or the node's own when <paramref name="adoptedClientId"/> is null.</summary>
    public MqttTelemetryService(
        MqttOptions mqtt, ITelemetrySink sink, TimeProvider time, ILoggerFactory loggers, IMqttSessionStore sessionStore, IStoreHealthProbe store,
        string? adoptedClientId)
    {
        _mqtt = mqtt;
        _target = sink;
        _time = time;
        _loggers = loggers;
        _sessionStore = sessionStore;
        _store = store;
        _logger = loggers.CreateLogger<MqttTelemetryService>();
        _clientId = adoptedClientId ?? mqtt.EffectiveClientId();
        Name = adoptedClientId is null ? "mqtt" : $"mqtt (adopted {adoptedClientId})";
    }

    /// <summary>The name on /health: <c>mqtt</c>, or <c>mqtt (adopted &lt;clientId&gt;)</c>.</summary>
    public string Name { get; }

    public AdapterStatus GetStatus()
    {
        if (Volatile.Read(ref _adapter) is not { } adapter || Volatile.Read(ref _sink) is not { } sink)
        {
            return new AdapterStatus { Name = Name, State = AdapterState.Starting };
        }

        var status = sink.Overlay(adapter.GetStatus());
        return _startError is { } error ? status with { State = AdapterState.Retrying, LastError = error } : status;
    }

    private static MqttClientOptions ClientOptions(MqttOptions mqtt, string clientId, TimeProvider time, ILogger clientLogger, IMqttSessionStore sessionStore) => new()
    {
        Host = mqtt.Host,
        Port = mqtt.Port,
        ClientId = clientId,
        ProtocolVersion = mqtt.ProtocolVersion == 4 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500,
        CleanStart = mqtt.SessionExpiry <= TimeSpan.Zero,
        SessionExpirySeconds = (uint)Math.Min(mqtt.SessionExpiry.TotalSeconds, uint.MaxValue),
        KeepAlive = mqtt.KeepAlive,
        MaximumPacketSize = mqtt.MaximumPacketSize,
        UserName = mqtt.UserName,
        Password = mqtt.Password,
        Tls = mqtt.Tls.Enabled
            ? new MqttTlsOptions
            {
                CaFile = mqtt.Tls.CaFile,
                ClientCertificateFile = mqtt.Tls.ClientCertificateFile,
                ClientKeyFile = mqtt.Tls.ClientKeyFile,
                ClientCertificatePassword = mqtt.Tls.ClientCertificatePassword,
                ServerName = mqtt.Tls.ServerName,
                AllowUntrustedCertificates = mqtt.Tls.AllowUntrustedCertificates,
            }
            : null,
        TimeProvider = time,
        Logger = clientLogger,

        // Issue 16 item 16: the session state survives a restart of the hub, in the hub's database.
        SessionStore = sessionStore,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ingest is not fenced (issue 18): every node stores what the broker hands it, and a reading stored twice (a QoS 1
        // redelivery to whoever holds the session next) is a no-op by its (asset, metric, ts) key. The lease runner's
        // ambient fence would otherwise turn each one-round-trip batch into a transaction with a fence check.
        LeaseFence.Current = null;
        var mqtt = _mqtt;
        var sink = new StoreRetryingTelemetrySink(_target, _time, _logger, _store.Describe());
        var adapter = new MqttTelemetryAdapter(
            Name, ClientOptions(mqtt, _clientId, _time, _loggers.CreateLogger<MqttClient>(), _sessionStore), mqtt.EffectiveSubscriptions(), sink);
        Volatile.Write(ref _sink, sink);
        Volatile.Write(ref _adapter, adapter);
        var retry = RetryForever.Build(
            _time,
            MaxDelay,
            ex => ex is MqttCommunicationException or MqttConnectException or IOException or TimeoutException,
            (ex, delay) =>
            {
                // Logged before it shows on /health, so whoever sees Retrying finds the reason in the log.
                HubLog.MqttConnectFailed(_logger, mqtt.Host, mqtt.Port, ex.Message, delay);
                _startError = ex.Message;
            });
        try
        {
            await retry.ExecuteAsync(async token => await adapter.StartAsync(token).ConfigureAwait(false), stoppingToken)
                .ConfigureAwait(false);
            _startError = null;
            HubLog.MqttConnected(_logger, mqtt.Host, mqtt.Port, mqtt.Subscriptions.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A batch held for an unreachable store stops waiting: it stays unacknowledged for the broker to deliver again.
        Volatile.Read(ref _sink)?.Stop();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _adapter) is { } adapter)
        {
            await adapter.DisposeAsync().ConfigureAwait(false);
        }

        // Disposed once the adapter no longer calls it; the next start makes its own.
        Volatile.Read(ref _sink)?.Dispose();
    }

    public override void Dispose()
    {
        Volatile.Read(ref _sink)?.Dispose();
        base.Dispose();
    }
}
