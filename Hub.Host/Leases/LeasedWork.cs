using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Leases;

/// <summary>
/// Runs one unit of work (a hosted service) only while this node holds its lease (issue 18 item 1): starts it when the
/// lease is taken, stops it (cancels and waits) when a renewal fails, the lease is lost or a fenced write was refused,
/// and keeps trying to take the lease back. Every node runs one of these per work; the store's lease row decides.
/// </summary>
/// <remarks>
/// The work runs with its <see cref="LeaseFence"/> as the ambient fence, so that its durable writes carry the token
/// and a node that lost the lease without noticing (paused, cut off) is refused by the database rather than trusted.
/// </remarks>
internal sealed class LeasedWork(
    string name, IHostedService work, ILeaseStore store, HubOptions options, TimeProvider time, ILogger<LeasedWork> logger)
    : BackgroundService
{
    private readonly LeaseOptions _leases = options.Leases;
    private LeaseGrant? _held;
    private TaskCompletionSource _refused = NewSignal();
    private bool _waitingLogged;
    private long _acquisitions;

    /// <summary>The work's name, which is its lease's name.</summary>
    public string Name { get; } = name;

    /// <summary>This node's id, the holder it writes into the lease.</summary>
    public string Node => options.NodeId;

    /// <summary>The lease as this node last took or renewed it, while its work runs here; null otherwise.</summary>
    public LeaseGrant? Held => Volatile.Read(ref _held);

    /// <summary>How many times this node took the lease (and started the work).</summary>
    public long Acquisitions => Interlocked.Read(ref _acquisitions);

    /// <summary>
    /// Makes the first attempt part of the host's start, so that a node alone (every SQLite hub) has its work running
    /// when it answers, as before leases (the file drop's inbox exists, the pollers have begun).
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryTakeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the work and releases the lease, so that another node takes it at once rather than at its expiry.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Here rather than at the end of the loop, which may not have begun (it runs on the thread pool).
            await LetGoAsync().ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Held is null)
            {
                await PauseAsync(_leases.RetryInterval, null, stoppingToken).ConfigureAwait(false);
                if (!stoppingToken.IsCancellationRequested)
                {
                    await TryTakeAsync(stoppingToken).ConfigureAwait(false);
                }

                continue;
            }

            var refused = await PauseAsync(_leases.RenewInterval, _refused.Task, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            if (refused)
            {
                await LoseAsync("a write of the work was refused: another node holds a newer token").ConfigureAwait(false);
            }
            else
            {
                await RenewAsync(stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TryTakeAsync(CancellationToken cancellationToken)
    {
        LeaseGrant? grant;
        try
        {
            grant = await store.TryAcquireAsync(Name, Node, _leases.Duration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LeasesLog.AcquireFailed(logger, ex, Name, Node, ex.Message, _leases.RetryInterval);
            return;
        }

        if (grant is null)
        {
            if (!_waitingLogged)
            {
                LeasesLog.HeldElsewhere(logger, Name, Node, _leases.RetryInterval);
                _waitingLogged = true;
            }

            return;
        }

        _waitingLogged = false;
        _refused = NewSignal();
        var refused = _refused;
        var fence = new LeaseFence(Name, grant.Token, () => refused.TrySetResult());
        LeasesLog.Acquired(logger, Name, Node, grant.Token, grant.ExpiresAt);
        var previous = LeaseFence.Current;
        LeaseFence.Current = fence;
        try
        {
            // The work's own loop captures the ambient fence here, and every write in it carries the token. Its lifetime
            // is the lease's (it is stopped through StopAsync), not the token's of whoever asked for the lease.
            await work.StartAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _held, grant);
            Interlocked.Increment(ref _acquisitions);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LeasesLog.StartFailed(logger, ex, Name, Node, grant.Token, _leases.RetryInterval);
            await ReleaseAsync(grant).ConfigureAwait(false);
        }
        finally
        {
            LeaseFence.Current = previous;
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var held = Held!;
        LeaseGrant? renewed;
        string reason;
        try
        {
            (renewed, reason) = await LeaseRenewal.RenewAsync(store, held, _leases, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (renewed is not null)
        {
            Interlocked.CompareExchange(ref _held, renewed, held);
            return;
        }

        await LoseAsync(reason).ConfigureAwait(false);
    }

    private async Task LoseAsync(string reason)
    {
        if (Held is { } held)
        {
            LeasesLog.Lost(logger, Name, Node, held.Token, reason);
            await StopWorkAsync().ConfigureAwait(false);
        }
    }

    // A hub that stops releases its leases; one disposed without stopping (a crash, as far as the other nodes can
    // tell) leaves them to run out.
    private async Task LetGoAsync()
    {
        if (Held is not { } held)
        {
            return;
        }

        await StopWorkAsync().ConfigureAwait(false);
        if (await ReleaseAsync(held).ConfigureAwait(false))
        {
            LeasesLog.Released(logger, Name, Node, held.Token);
        }
    }

    /// <summary>
    /// A hub disposed without stopping (a crash, as far as the other nodes can tell): the work stops, and the lease is
    /// left to run out. Done here rather than left to the loop, which may not have begun yet.
    /// </summary>
    public override void Dispose()
    {
        base.Dispose();
        _ = StopWorkAsync();
    }

    // Whoever comes first (the loop, a loss, a dispose) stops the work; the others find nothing held.
    private async Task StopWorkAsync()
    {
        if (Interlocked.Exchange(ref _held, null) is not { } held)
        {
            return;
        }

        try
        {
            await work.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LeasesLog.StopFailed(logger, ex, Name, Node, held.Token);
        }
    }

    private async Task<bool> ReleaseAsync(LeaseGrant grant)
    {
        try
        {
            await store.ReleaseAsync(grant, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            LeasesLog.ReleaseFailed(logger, Name, Node, grant.Token, ex.Message);
            return false;
        }
    }

    // Waits for the interval on the hub's clock, or until the signal is set; true when the signal ended the wait.
    private async Task<bool> PauseAsync(TimeSpan interval, Task? signal, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(interval, time, wait.Token);
        if (signal is not null && await Task.WhenAny(delay, signal).ConfigureAwait(false) == signal)
        {
            // The delay's timer goes with it when the signal came first.
            await wait.CancelAsync().ConfigureAwait(false);
            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return true;
        }

        await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return false;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
