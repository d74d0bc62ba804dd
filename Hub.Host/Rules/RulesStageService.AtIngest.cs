using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Rules;

// Issue 20 item 1: the rules evaluated in the transaction that stores the readings, by the partitions' own evaluators.
internal sealed partial class RulesStageService
{
    // One evaluation at a time, at ingest or in a pass: both mutate the partitions' evaluators. Taken after the
    // partitions' locks (SQLite: BEGIN IMMEDIATE, the writer lock; PostgreSQL: the partitions' advisory locks, which a
    // pass takes too), and let go after the commit or rollback, so no evaluation sees an evaluator that another ran
    // ahead of what is stored. Always the database's locks first, then this: whoever holds it holds every lock it needs
    // from the database's side, so no wait can go round between the two.
    private readonly SemaphoreSlim _evaluating = new(1, 1);

    // The partitions held, for the ingest path, which runs on the adapters' threads: a snapshot the stage's loop
    // publishes after every lease round (the leases themselves are the loop's alone).
    private volatile HeldLease?[] _atIngest = [];

    /// <summary>
    /// Evaluates the readings of the partitions this node holds in the store's transaction <paramref name="tx"/>;
    /// the others (partition not held, in back-off, or a reorder window set) are left for the queue.
    /// </summary>
    internal async Task<IngestRulesOutcome> EvaluateAtIngestAsync(IRulesUnitOfWork tx, IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken)
    {
        var held = _atIngest;
        if (held.Length == 0 || QueuedBy(time.GetUtcNow()) != long.MaxValue)
        {
            // A reorder window waits for readings another node may store late: only the queue can wait.
            return IngestRulesOutcome.None(readings.Count);
        }

        var now = time.GetUtcNow();
        var byLease = new Dictionary<HeldLease, List<int>>();
        for (var n = 0; n < readings.Count; n++)
        {
            if (held[RulePartition.Of(readings[n].AssetId, held.Length).Index] is { Refused: false } lease && lease.RetryAt <= now)
            {
                if (!byLease.TryGetValue(lease, out var list))
                {
                    byLease[lease] = list = [];
                }

                list.Add(n);
            }
        }

        if (byLease.Count == 0)
        {
            return IngestRulesOutcome.None(readings.Count);
        }

        // The partitions' locks in ascending order (a pass and the SLA escalation wait for this batch's commit, and two
        // batches cannot deadlock); a partition with readings queued already leaves this batch's to the queue too.
        var queued = await tx.LockForIngestAsync(
            [.. byLease.Keys.Select(l => l.Partition).Order().Select(p => new RulePartition(p, held.Length))], cancellationToken).ConfigureAwait(false);
        foreach (var lease in byLease.Keys.Where(l => queued.Contains(l.Partition)).ToList())
        {
            byLease.Remove(lease);
        }

        if (byLease.Count == 0)
        {
            return IngestRulesOutcome.None(readings.Count);
        }

        await _evaluating.WaitAsync(cancellationToken).ConfigureAwait(false);
        var used = new List<HeldLease>();
        try
        {
            var started = instruments?.Start() ?? 0;
            var taken = new bool[readings.Count];
            var transitions = new List<AlarmTransition>();
            var states = new List<AlarmRuleState>();
            foreach (var (lease, indexes) in byLease)
            {
                used.Add(lease);
                var list = indexes.Select(n => readings[n]).ToList();
                foreach (var n in indexes)
                {
                    taken[n] = true;
                }

                lease.Evaluator ??= new AlarmEvaluator(
                    rules.Rules.Select(r => r.Rule),
                    await tx.LoadStatesAsync(new RulePartition(lease.Partition, held.Length), cancellationToken).ConfigureAwait(false));
                // In time order, as a pass reads its batch (the evaluator ignores a reading older than one it has seen).
                foreach (var reading in list.OrderBy(r => r.Timestamp))
                {
                    transitions.AddRange(lease.Evaluator.OnReading(reading));
                }

                states.AddRange(lease.Evaluator.ExportChanges());
            }

            await ApplyTransitionsAsync(tx, transitions, cancellationToken).ConfigureAwait(false);
            await tx.SaveStatesAsync(states, now, cancellationToken).ConfigureAwait(false);
            var count = taken.Count(t => t);
            var ended = 0;
            return new IngestRulesOutcome(taken, [.. used.Select(l => l.Fence)],
                Committed: () =>
                {
                    if (Interlocked.Exchange(ref ended, 1) == 0)
                    {
                        _evaluating.Release();
                        instruments?.Evaluated(started);
                        Count(count, transitions);
                        if (transitions.Count > 0)
                        {
                            outbox.Pulse();
                        }
                    }
                },
                Abandoned: () =>
                {
                    if (Interlocked.Exchange(ref ended, 1) == 0)
                    {
                        Forget(used);
                        _evaluating.Release();
                    }
                });
        }
        catch
        {
            Forget(used);
            _evaluating.Release();
            throw;
        }
    }

    /// <summary>Whether a reading of <paramref name="assetId"/> would be evaluated at ingest now, if its partition has nothing queued.</summary>
    internal bool MayEvaluateAtIngest(string assetId)
    {
        var held = _atIngest;
        return held.Length > 0
            && held[RulePartition.Of(assetId, held.Length).Index] is { Refused: false } lease
            && lease.RetryAt <= time.GetUtcNow()
            && QueuedBy(time.GetUtcNow()) == long.MaxValue;
    }

    /// <summary>Publishes the partitions held to the ingest path (after each lease round, and after a lease is lost).</summary>
    private void PublishAtIngest()
    {
        if (!options.Rules.AtIngest)
        {
            return;
        }

        var held = new HeldLease?[_leases.Partitions];
        foreach (var lease in _leases.Held)
        {
            held[lease.Partition] = lease;
        }

        _atIngest = held;
    }

    /// <summary>The stored effects of the transitions: alarms, tickets, history, outbox (the ticket workflow's).</summary>
    private async Task ApplyTransitionsAsync(IRulesUnitOfWork tx, List<AlarmTransition> transitions, CancellationToken cancellationToken)
    {
        foreach (var transition in transitions)
        {
            if (transition.Kind == AlarmTransitionKind.Raised)
            {
                await workflow.OnRaisedAsync(tx, transition, _byId.GetValueOrDefault(transition.RuleId)?.RequiredSkill, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await workflow.OnClearedAsync(tx, transition, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The evaluators ran ahead of what is stored: the next evaluation loads the stored state again.
    private static void Forget(List<HeldLease> used)
    {
        foreach (var lease in used)
        {
            lease.Evaluator = null;
        }
    }
}
