using System.Net.Sockets;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Mappings;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// Runs the MES adapter, the leased work <c>mes</c>: this service is started when the node takes the lease and stopped
/// when it loses it. A server that is down (or refuses the hub) is retried with a growing delay and reported as
/// Retrying on /health with the reason; once connected, the OPC UA client repairs lost connections itself.
/// </summary>
/// <remarks>
/// Issue 18 item 1, take-over within 10 s: the session is opened as the hub starts (<see cref="MesStandbyService"/>),
/// whether or not this node holds the lease, and kept open while another node does the work (Standby on /health). A
/// take-over then only creates the subscription and its monitored items on that session; giving the work up deletes
/// the subscription and keeps the session. The session is closed only when the hub stops.
/// </remarks>
internal sealed class MesService(
    HubOptions hub, IOptions<MesOptions> mesOptions, IMesRecordSink sink, TimeProvider time, ILoggerFactory loggers, IMesAlarmSink? alarmSink = null,
    MappingCatalog? mappings = null)
    : BackgroundService, IAdapterStatusSource, IAsyncDisposable
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggers.CreateLogger<MesService>();
    private readonly MesAdapter _adapter = new(
        AdapterOptions(mesOptions.Value, hub, time, loggers.CreateLogger("IntegrationHub.Adapters.OpcUa"), mappings), sink, time, loggers.CreateLogger<MesAdapter>(), alarmSink);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _connectGate = new();
    private Task? _connecting;
    private volatile string? _startError;
    private int _disposed;

    public AdapterStatus GetStatus()
    {
        if (_startError is { } error)
        {
            return new AdapterStatus { Name = "mes", State = AdapterState.Retrying, LastError = error, Endpoint = mesOptions.Value.EndpointUrl };
        }

        return _adapter.GetStatus();
    }

    /// <summary>The adapter, for tests and the standby's health.</summary>
    internal MesAdapter Adapter => _adapter;

    public static MesAdapterOptions AdapterOptions(MesOptions mes, HubOptions hub, TimeProvider time, ILogger logger, MappingCatalog? mappings = null)
    {
        var best = string.Equals(mes.SecurityMode, "Best", StringComparison.OrdinalIgnoreCase);
        var exact = best ? MessageSecurityMode.None : Enum.Parse<MessageSecurityMode>(mes.SecurityMode, ignoreCase: true);
        return new MesAdapterOptions
        {
            Client = new OpcUaClientOptions
            {
                EndpointUrl = new Uri(mes.EndpointUrl),
                SecurityMode = exact,
                MaximumSecurityMode = best ? MessageSecurityMode.SignAndEncrypt : exact,
                SecurityPolicy = mes.SecurityPolicy,
                PkiRoot = hub.Resolve(mes.PkiFolder),
                ApplicationUri = mes.ApplicationUri,
                ApplicationName = "IntegrationHub",
                SessionName = "IntegrationHub MES adapter",
                UserName = string.IsNullOrEmpty(mes.UserName) ? null : mes.UserName,
                Password = mes.Password,
                AllowUnencryptedPassword = mes.AllowUnencryptedPassword,
                PermanentFailureRetryDelay = mes.RefusedRetryDelay,
                Logger = logger,
                TimeProvider = time,
            },
            PublishingInterval = mes.PublishingInterval,
            SamplingInterval = mes.SamplingInterval,
            HistoryBackfill = mes.HistoryBackfill,
            MaxBackfillValuesPerNode = mes.MaxBackfillValuesPerNode,
            HistoryValuesPerRead = (uint)Math.Max(1, mes.HistoryValuesPerRead),
            WorkOrders = mes.WorkOrders,
            Machines = mes.Machines,
            Alarms = mes.Alarms.Enabled
                ? new MesAlarmOptions { Notifier = mes.Alarms.Notifier, Sources = mes.Alarms.Sources, SourceMap = AlarmSourceMap(mes.Alarms, mappings, time) }
                : null,
        };
    }

    // The start-up check has made sure a mapping file declares the named source (HubStartup); a catalog without it here
    // (a test building the options by hand) is a configuration error too.
    private static MappedConditionSourceMap? AlarmSourceMap(MesAlarmSettings alarms, MappingCatalog? mappings, TimeProvider time) =>
        alarms.Mapping is not { Length: > 0 } source ? null
        : mappings?.Find(source) is { } mapping ? new MappedConditionSourceMap(mapping, MesAdapterModule.AlarmMappingSetting, time)
        : throw new HubConfigurationException("1 problem(s) in the hub's settings", [$"{MesAdapterModule.AlarmMappingSetting} is '{LogText.Escape(source)}', but no mapping file declares that source."]);

    /// <summary>
    /// Opens the session in the background (retrying until the hub stops) unless it is open or being opened; the
    /// returned task ends when it is open. Shared by the standby and the take-over, so that there is one session.
    /// </summary>
    public Task ConnectAsync(CancellationToken cancellationToken)
    {
        Task connecting;
        lock (_connectGate)
        {
            if (_connecting is null || (_connecting.IsCompleted && _adapter.Client is null && !_shutdown.IsCancellationRequested))
            {
                // Not in the lease's execution context: the session outlives the lease whose take-over may open it.
                using (ExecutionContext.SuppressFlow())
                {
                    _connecting = Task.Run(() => ConnectWithRetryAsync(_shutdown.Token), CancellationToken.None);
                }
            }

            connecting = _connecting;
        }

        return connecting.WaitAsync(cancellationToken);
    }

    private async Task ConnectWithRetryAsync(CancellationToken cancellationToken)
    {
        var retry = Retry((ex, delay) => HubLog.MesConnectFailed(_logger, mesOptions.Value.EndpointUrl, ex.Message, delay));
        await retry.ExecuteAsync(async token => await _adapter.ConnectAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        _startError = null;
        if (!_adapter.IsSubscribed && mesOptions.Value.Standby)
        {
            MesServiceLog.SessionOpen(_logger, mesOptions.Value.EndpointUrl, hub.NodeId);
        }
    }

    // Logged before it shows on /health, so whoever sees Retrying finds the reason in the log.
    private Polly.ResiliencePipeline Retry(Action<Exception, TimeSpan> log) => RetryForever.Build(time, MaxDelay, IsTransient, (ex, delay) =>
    {
        log(ex, delay);
        _startError = ex.Message;
    });

    private static bool IsTransient(Exception ex) =>
        ex is OpcUaServiceException or OpcUaProtocolException or IOException or SocketException or TimeoutException
            or Adapters.OpcUa.Certificates.CertificateUntrustedException;

    // The lease is held: subscribe on the open session (opening it first when the standby has not yet).
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var taken = time.GetTimestamp();
        var standby = _adapter.Client is not null;
        var retry = Retry((ex, delay) => MesServiceLog.SubscribeFailed(_logger, mesOptions.Value.EndpointUrl, ex.Message, delay));
        try
        {
            await retry.ExecuteAsync(
                async token =>
                {
                    await ConnectAsync(token).ConfigureAwait(false);
                    await _adapter.SubscribeAsync(token).ConfigureAwait(false);
                },
                stoppingToken).ConfigureAwait(false);
            _startError = null;
            MesServiceLog.Subscribed(_logger, hub.NodeId, mesOptions.Value.EndpointUrl, time.GetElapsedTime(taken), standby);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The lease is gone (or the hub stops): the subscription is deleted, the session kept for the next take-over.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed != 0)
        {
            return;
        }

        if (!mesOptions.Value.Standby)
        {
            // No standby: the session goes with the lease, as the subscription does.
            await _adapter.DisconnectAsync().ConfigureAwait(false);
            return;
        }

        if (!await _adapter.UnsubscribeAsync(CancellationToken.None).ConfigureAwait(false) && !_shutdown.IsCancellationRequested)
        {
            // The session went with the subscription the server could not be told about: a fresh one for the standby.
            _ = ConnectAsync(CancellationToken.None).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>Closes the session: the hub stops (<see cref="MesStandbyService"/>) or is disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        Task? connecting;
        lock (_connectGate)
        {
            connecting = _connecting;
        }

        if (connecting is not null)
        {
            await connecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _adapter.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
        Dispose();
    }
}
