using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Adapters.Mqtt.Transport;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>
/// Runs the MQTT telemetry adapter. A broker that is down at start-up is retried with a growing delay and reported
/// as Retrying on /health; once connected, the client repairs lost connections by itself and resumes its session.
/// A store that cannot be reached holds the batch in hand, unacknowledged, and is tried again with a growing delay
/// (<see cref="StoreRetryingTelemetrySink"/>), shown as Retrying with the back-off step (issue 17).
/// </summary>
internal sealed class MqttTelemetryService(
    HubOptions options, ITelemetrySink sink, TimeProvider time, ILoggerFactory loggers, IMqttSessionStore sessionStore, IStoreHealthProbe store)
    : BackgroundService, IAdapterStatusSource
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggers.CreateLogger<MqttTelemetryService>();
    private readonly StoreRetryingTelemetrySink _sink = new(sink, time, loggers.CreateLogger<MqttTelemetryService>(), store.Describe());
    private MqttTelemetryAdapter? _adapter;
    private volatile string? _startError;

    public AdapterStatus GetStatus()
    {
        if (_adapter is null)
        {
            return new AdapterStatus { Name = "mqtt", State = AdapterState.Starting };
        }

        var status = _sink.Overlay(_adapter.GetStatus());
        return _startError is { } error ? status with { State = AdapterState.Retrying, LastError = error } : status;
    }

    private static MqttClientOptions ClientOptions(MqttOptions mqtt, TimeProvider time, ILogger clientLogger, IMqttSessionStore sessionStore) => new()
    {
        Host = mqtt.Host,
        Port = mqtt.Port,
        ClientId = string.IsNullOrWhiteSpace(mqtt.ClientId) ? "integrationhub-" + Environment.MachineName.ToLowerInvariant() : mqtt.ClientId,
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
        var mqtt = options.Mqtt;
        _adapter = new MqttTelemetryAdapter("mqtt", ClientOptions(mqtt, time, loggers.CreateLogger<MqttClient>(), sessionStore), mqtt.EffectiveSubscriptions(), _sink);
        var retry = RetryForever.Build(
            time,
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
            await retry.ExecuteAsync(async token => await _adapter.StartAsync(token).ConfigureAwait(false), stoppingToken)
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
        _sink.Stop();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_adapter is not null)
        {
            await _adapter.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _sink.Dispose();
        base.Dispose();
    }
}
