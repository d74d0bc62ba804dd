using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// This node's rules leases (issue 18 item 2): its heartbeat, its share of the partitions (<see cref="PartitionShare"/>)
/// and the SLA escalation's singleton lease. One round (<see cref="RoundAsync"/>) renews what is held, gives up what is
/// over the share and takes free partitions up to it; the rules stage runs a round every
/// <see cref="LeaseOptions.RenewInterval"/> between its passes, on its own loop, so that no pass runs while a lease
/// of its is being given up.
/// </summary>
internal sealed class RulePartitionLeases(int partitions, HubOptions options, ILeaseStore store, ILogger logger)
{
    private readonly LeaseOptions _leases = options.Leases;
    private readonly SortedDictionary<int, HeldLease> _partitions = [];
    private LeaseGrant? _heartbeat;
    private HeldLease? _sla;
    private volatile LeaseGrant[] _snapshot = [];
    private string? _mismatch;

    /// <summary>This node's id.</summary>
    public string Node => options.NodeId;

    /// <summary>How many partitions there are.</summary>
    public int Partitions => partitions;

    /// <summary>The partitions held, by number; only the rules stage's loop reads and changes them.</summary>
    public IReadOnlyCollection<HeldLease> Held => _partitions.Values;

    /// <summary>The SLA escalation's lease while this node holds it.</summary>
    public HeldLease? Sla => _sla;

    /// <summary>The live nodes that count the partitions otherwise, while there are any (this node then holds none).</summary>
    public string? Mismatch => _mismatch;

    /// <summary>The live nodes and this node's share at the last round.</summary>
    public (int LiveNodes, int Target) Share { get; private set; }

    /// <summary>Every rules lease this node holds (partitions and SLA), as of the last round; safe from any thread (for /health).</summary>
    public IReadOnlyList<LeaseGrant> Snapshot => _snapshot;

    /// <summary>One round: heartbeat, renewals, then the share's releases and acquisitions. Store faults are logged, not thrown.</summary>
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BeatAsync(cancellationToken).ConfigureAwait(false);
            foreach (var held in _partitions.Values.ToList())
            {
                await RenewAsync(held, cancellationToken).ConfigureAwait(false);
            }

            if (_sla is { } sla)
            {
                await RenewAsync(sla, cancellationToken).ConfigureAwait(false);
            }

            var plan = PartitionShare.Plan(partitions, Node, await store.ListAsync(cancellationToken).ConfigureAwait(false), _partitions.Keys);
            Share = (plan.LiveNodes, plan.Target);
            ReportMismatch(plan);
            foreach (var index in plan.Release)
            {
                await ReleaseAsync(_partitions[index], plan.Mismatched.Count > 0 ? "a live node counts the partitions otherwise" : $"over this node's share of {plan.Target} now that {plan.LiveNodes} nodes are live").ConfigureAwait(false);
            }

            foreach (var index in plan.Acquire)
            {
                if (await store.TryAcquireAsync(PartitionShare.LeaseName(index), Node, _leases.Duration, cancellationToken).ConfigureAwait(false) is { } grant)
                {
                    _partitions[index] = new HeldLease(grant, index);
                    RulePartitionsLog.Taken(logger, grant.Name, Node, grant.Token, _partitions.Count, plan.Target, partitions, plan.LiveNodes);
                }
            }

            if (_sla is null && await store.TryAcquireAsync(PartitionShare.SlaLease, Node, _leases.Duration, cancellationToken).ConfigureAwait(false) is { } slaGrant)
            {
                _sla = new HeldLease(slaGrant, -1);
                RulePartitionsLog.Taken(logger, slaGrant.Name, Node, slaGrant.Token, _partitions.Count, plan.Target, partitions, plan.LiveNodes);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RulePartitionsLog.StoreFailed(logger, ex, Node, ex.Message, _leases.RenewInterval);
        }
        finally
        {
            Publish();
        }
    }

    /// <summary>Drops a lease whose write was refused (another node holds a newer token); nothing to release.</summary>
    public void Forget(HeldLease held, string reason)
    {
        RulePartitionsLog.Lost(logger, held.Grant.Name, Node, held.Grant.Token, reason);
        if (held.Partition >= 0)
        {
            _partitions.Remove(held.Partition);
        }
        else if (ReferenceEquals(_sla, held))
        {
            _sla = null;
        }

        Publish();
    }

    /// <summary>Gives every lease up, so that the other nodes take the work at once rather than at expiry (a clean stop).</summary>
    public async Task ReleaseAllAsync()
    {
        foreach (var held in _partitions.Values.ToList())
        {
            await ReleaseAsync(held, "the hub stops").ConfigureAwait(false);
        }

        if (_sla is { } sla)
        {
            await ReleaseAsync(sla, "the hub stops").ConfigureAwait(false);
        }

        if (_heartbeat is { } heartbeat)
        {
            _heartbeat = null;
            await TryReleaseAsync(heartbeat).ConfigureAwait(false);
        }

        Publish();
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        _heartbeat = _heartbeat is { } beat
            ? await store.RenewAsync(beat, _leases.Duration, cancellationToken).ConfigureAwait(false)
            : null;
        // A node restarted under the same id waits for its old heartbeat to run out; it counts itself meanwhile.
        _heartbeat ??= await store.TryAcquireAsync(PartitionShare.HeartbeatName(partitions, Node), Node, _leases.Duration, cancellationToken).ConfigureAwait(false);
    }

    private async Task RenewAsync(HeldLease held, CancellationToken cancellationToken)
    {
        LeaseGrant? renewed;
        try
        {
            renewed = held.Refused ? null : await store.RenewAsync(held.Grant, _leases.Duration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Still ours unless it runs out: the fence refuses this node's writes if another node took it meanwhile.
            RulePartitionsLog.StoreFailed(logger, ex, Node, ex.Message, _leases.RenewInterval);
            return;
        }

        if (renewed is null)
        {
            Forget(held, held.Refused ? "a write was refused: another node holds a newer token" : "another node holds it now");
            return;
        }

        held.Grant = renewed;
    }

    private async Task ReleaseAsync(HeldLease held, string reason)
    {
        if (held.Partition >= 0)
        {
            _partitions.Remove(held.Partition);
        }
        else
        {
            _sla = null;
        }

        if (await TryReleaseAsync(held.Grant).ConfigureAwait(false))
        {
            RulePartitionsLog.Released(logger, held.Grant.Name, Node, held.Grant.Token, reason);
        }
    }

    private async Task<bool> TryReleaseAsync(LeaseGrant grant)
    {
        try
        {
            await store.ReleaseAsync(grant, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            // It runs out by itself.
            RulePartitionsLog.StoreFailed(logger, ex, Node, ex.Message, _leases.Duration);
            return false;
        }
    }

    private void ReportMismatch(PartitionPlan plan)
    {
        var mismatch = plan.Mismatched.Count > 0 ? string.Join(", ", plan.Mismatched) : null;
        if (mismatch is not null && mismatch != _mismatch)
        {
            RulePartitionsLog.CountMismatch(logger, Node, partitions, mismatch);
        }

        _mismatch = mismatch;
    }

    private void Publish() => _snapshot = [.. _partitions.Values.Select(h => h.Grant), .. _sla is { } sla ? [sla.Grant] : Array.Empty<LeaseGrant>()];
}
