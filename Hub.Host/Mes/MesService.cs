using System.Net.Sockets;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Mes;

/// <summary>
/// Runs the MES adapter. A server that is down (or refuses the hub) at start-up is retried with a growing delay and
/// reported as Retrying on /health with the reason; once connected, the OPC UA client repairs lost connections itself.
/// </summary>
internal sealed class MesService(HubOptions options, IMesRecordSink sink, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService, IAdapterStatusSource
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggers.CreateLogger<MesService>();
    private MesAdapter? _adapter;
    private volatile string? _startError;

    public AdapterStatus GetStatus()
    {
        if (_startError is { } error)
        {
            return new AdapterStatus { Name = "mes", State = AdapterState.Retrying, LastError = error };
        }

        return _adapter?.GetStatus() ?? new AdapterStatus { Name = "mes", State = AdapterState.Starting };
    }

    public static MesAdapterOptions AdapterOptions(HubOptions hub, TimeProvider time, ILogger logger)
    {
        var mes = hub.Mes;
        var best = string.Equals(mes.SecurityMode, "Best", StringComparison.OrdinalIgnoreCase);
        var exact = best ? MessageSecurityMode.None : Enum.Parse<MessageSecurityMode>(mes.SecurityMode, ignoreCase: true);
        return new MesAdapterOptions
        {
            Client = new OpcUaClientOptions
            {
                EndpointUrl = new Uri(mes.EndpointUrl),
                SecurityMode = exact,
                MaximumSecurityMode = best ? MessageSecurityMode.SignAndEncrypt : exact,
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
            WorkOrders = mes.WorkOrders,
            Machines = mes.Machines,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var adapterOptions = AdapterOptions(options, time, loggers.CreateLogger("IntegrationHub.Adapters.OpcUa"));
        var retry = RetryForever.Build(
            time,
            MaxDelay,
            ex => ex is OpcUaServiceException or OpcUaProtocolException or IOException or SocketException or TimeoutException
                or Adapters.OpcUa.Certificates.CertificateUntrustedException,
            (ex, delay) =>
            {
                // Logged before it shows on /health, so whoever sees Retrying finds the reason in the log.
                HubLog.MesConnectFailed(_logger, options.Mes.EndpointUrl, ex.Message, delay);
                _startError = ex.Message;
            });
        try
        {
            await retry.ExecuteAsync(
                async token =>
                {
                    var adapter = new MesAdapter(adapterOptions, sink, time, loggers.CreateLogger<MesAdapter>());
                    try
                    {
                        await adapter.StartAsync(token).ConfigureAwait(false);
                    }
                    catch
                    {
                        await adapter.DisposeAsync().ConfigureAwait(false);
                        throw;
                    }

                    _adapter = adapter;
                },
                stoppingToken).ConfigureAwait(false);
            _startError = null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_adapter is not null)
        {
            await _adapter.DisposeAsync().ConfigureAwait(false);
        }
    }
}
