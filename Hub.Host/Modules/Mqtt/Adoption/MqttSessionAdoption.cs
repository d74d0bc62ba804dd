using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;

/// <summary>
/// Takes over the MQTT session of a node that died (issue 18: "a dead node's share of the telemetry"). mosquitto 2.0
/// keeps handing a disconnected member of a shared group its round-robin share, queued in that member's persistent
/// session; so a surviving node connects a second client with the dead node's client id and Clean Start 0, and the
/// broker delivers that session's queued, in-flight and future messages to it, stored through the same sink.
/// </summary>
/// <remarks>
/// Ownership is by lease rows, never by two clients racing for one client id (session takeover, 0x8E): every node
/// runs its own session as leased work <c>mqtt/&lt;ClientId&gt;</c>, and each round here (every
/// <see cref="LeaseOptions.RetryInterval"/>) this node takes any other <c>mqtt/*</c> row that has expired (its holder
/// stopped renewing) and runs that session while it renews the lease. The owner, back, cannot take its live lease; it
/// holds <c>mqtt-return/&lt;ClientId&gt;</c> instead, and the adopter, seeing it, stops the adopted client first and then
/// releases the lease, which the owner's lease runner takes at its next try. No node adopts a session whose owner
/// asks for it back.
/// </remarks>
internal sealed partial class MqttSessionAdoption(
    string ownClientId, Func<bool> ownSessionRunning, Func<string, IHostedService> adoptedSession, ILeaseStore store, HubOptions options,
    TimeProvider time, ILogger<MqttSessionAdoption> logger)
    : BackgroundService
{
    private readonly LeaseOptions _leases = options.Leases;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, AdoptedSession> _adopted = new(StringComparer.Ordinal);
    private LeaseGrant? _return;
    private bool _roundFailedLogged;

    /// <summary>This node's id, the holder it writes into the leases.</summary>
    public string Node => options.NodeId;

    /// <summary>The client ids of the sessions this node runs for other nodes now.</summary>
    public IReadOnlyList<string> Adopted
    {
        get
        {
            lock (_lock)
            {
                return [.. _adopted.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The leases this module holds: the adopted sessions' and this node's own request to have its session back.</summary>
    public IReadOnlyList<LeaseGrant> Held
    {
        get
        {
            lock (_lock)
            {
                return [.. _adopted.Values.Select(a => a.Grant), .. _return is { } back ? [back] : Array.Empty<LeaseGrant>()];
            }
        }
    }

    /// <summary>The adopted sessions' adapter statuses, named <c>mqtt (adopted &lt;clientId&gt;)</c> on /health.</summary>
    public IReadOnlyList<AdapterStatus> Statuses
    {
        get
        {
            lock (_lock)
            {
                return [.. _adopted.Values.Select(a => a.Session).OfType<IAdapterStatusSource>().Select(s => s.GetStatus())];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken).ConfigureAwait(false);
                _roundFailedLogged = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The adopted sessions keep running until their renewal fails (inside the round, each on its own); only
                // the round as a whole is retried here.
                if (!_roundFailedLogged)
                {
                    AdoptionLog.RoundFailed(logger, Node, ex.Message, _leases.RetryInterval);
                    _roundFailedLogged = true;
                }
            }

            try
            {
                // The adopted leases are renewed each round, so a round is never further apart than RenewInterval.
                await Task.Delay(_leases.RetryInterval < _leases.RenewInterval ? _leases.RetryInterval : _leases.RenewInterval, time, stoppingToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// One round: asks for this node's own session back while another node runs it, renews or hands back each adopted
    /// session, and adopts every other session whose lease ran out and whose owner does not ask for it.
    /// </summary>
    internal async Task RoundAsync(CancellationToken cancellationToken)
    {
        // First, and whether or not the store lists the leases: an adopted client never outlives its lease.
        foreach (var (clientId, adopted) in Snapshot())
        {
            await RenewAsync(clientId, adopted, cancellationToken).ConfigureAwait(false);
        }

        var rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var returns = rows.Where(r => r.Live && r.Name.StartsWith(MqttSessionLeases.ReturnPrefix, StringComparison.Ordinal))
            .ToDictionary(r => r.Name, r => r.Holder, StringComparer.Ordinal);
        foreach (var (clientId, adopted) in Snapshot())
        {
            if (returns.TryGetValue(MqttSessionLeases.Return(clientId), out var owner) && owner != Node
                && await LetGoAsync(clientId, adopted).ConfigureAwait(false) && await ReleaseAsync(adopted.Grant).ConfigureAwait(false))
            {
                // The client first, then the lease: the owner connects only once it holds the lease, and by then no
                // client of this node uses the id.
                AdoptionLog.HandedBack(logger, clientId, Node, owner, adopted.Grant.Name, adopted.Grant.Token);
            }
        }

        foreach (var row in rows.Where(r => !r.Live))
        {
            if (MqttSessionLeases.ClientIdOf(row.Name) is not { } clientId || clientId == ownClientId || IsAdopted(clientId)
                || returns.ContainsKey(MqttSessionLeases.Return(clientId)))
            {
                continue;
            }

            await AdoptAsync(clientId, row, cancellationToken).ConfigureAwait(false);
        }

        // Last, so that a store that refuses it does not keep the adopted sessions from being renewed.
        await AskBackAsync(rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the adopted clients and releases their leases (and this node's request), so that their owners or another node take them at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (clientId, adopted) in Snapshot())
            {
                if (await LetGoAsync(clientId, adopted).ConfigureAwait(false))
                {
                    await ReleaseAsync(adopted.Grant).ConfigureAwait(false);
                }
            }

            if (Interlocked.Exchange(ref _return, null) is { } back)
            {
                await ReleaseAsync(back).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A crash, as far as the other nodes can tell: the adopted clients stop, their leases are left to run out.</summary>
    public override void Dispose()
    {
        base.Dispose();
        foreach (var (clientId, adopted) in Snapshot())
        {
            _ = LetGoAsync(clientId, adopted);
        }
    }

    private bool IsAdopted(string clientId)
    {
        lock (_lock)
        {
            return _adopted.ContainsKey(clientId);
        }
    }

    private List<(string ClientId, AdoptedSession Adopted)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _adopted.Select(a => (a.Key, a.Value))];
        }
    }
}
