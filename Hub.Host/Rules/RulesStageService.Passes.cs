using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Rules;

// One partition's pass and the SLA escalation's, each one unit of work under its lease's fence (issue 18 item 2).
internal sealed partial class RulesStageService
{
    private async Task<PassOutcome> PassAsync(HeldLease held, bool tick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The fence is ambient for this pass only (an async method's AsyncLocal changes do not flow back to the caller):
        // the store's commit checks the partition's token, so a pass of a node that lost the lease is refused whole.
        LeaseFence.Current = held.Fence;
        var partition = new RulePartition(held.Partition, _leases.Partitions);
        try
        {
            var started = instruments?.Start() ?? 0;
            var (count, transitions) = await EvaluateAsync(held, partition, tick, now, cancellationToken).ConfigureAwait(false);
            if (transitions is not null)
            {
                instruments?.Evaluated(started);
            }

            held.Failures = 0;
            if (transitions is null)
            {
                return PassOutcome.Idle;
            }

            if (transitions.Count > 0)
            {
                // Tickets may have queued notifications: the dispatcher need not wait for its next poll.
                outbox.Pulse();
            }

            Count(count, transitions);
            return count >= options.Rules.BatchSize ? PassOutcome.Full : PassOutcome.Some;
        }
        catch (StaleLeaseException)
        {
            // The evaluator ran ahead of what was stored, and the partition is another node's now.
            held.Evaluator = null;
            _leases.Forget(held, "a pass was refused: another node holds a newer token");
            PublishAtIngest();
            return PassOutcome.Idle;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The evaluator ran ahead of what was stored; the next pass starts again from the stored state.
            held.Evaluator = null;
            var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(held.Failures, 10))));
            held.Failures++;
            held.RetryAt = time.GetUtcNow() + delay;
            RulePartitionsLog.PassFailed(logger, ex, partition.ToString(), _leases.Node, delay);
            _status = _status with { State = AdapterState.Retrying, LastError = ex.Message, LastErrorAt = time.GetUtcNow() };
            return PassOutcome.Failed;
        }
    }

    /// <summary>
    /// One batch of the partition's readings, and its timers when <paramref name="tick"/>; the count of readings and
    /// the transitions committed, or null transitions when there was nothing to commit.
    /// </summary>
    private async Task<(int Count, List<AlarmTransition>? Transitions)> EvaluateAsync(
        HeldLease held, RulePartition partition, bool tick, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        // Reading the queue takes the partition's lock (PostgreSQL: an advisory lock; SQLite: one writer), so from here
        // to the commit the SLA escalation and an ingest batch of the partition wait, and a node that lost the lease
        // waits for this pass. Only then the evaluators' semaphore, as at ingest (issue 20 item 1): the database's locks
        // first, so that a batch that holds the partition's lock and waits for the semaphore never waits for this pass.
        var inputs = await tx.ReadInputsAsync(partition, options.Rules.BatchSize, QueuedBy(now), cancellationToken).ConfigureAwait(false);
        await _evaluating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (inputs.Count == 0 && !tick)
            {
                return (0, null);
            }

            // The stored state is current for as long as this grant is held: no other node commits a pass of the
            // partition meanwhile (the fence refuses it). Loaded once per grant, and again after a failed pass.
            held.Evaluator ??= new AlarmEvaluator(rules.Rules.Select(r => r.Rule), await tx.LoadStatesAsync(partition, cancellationToken).ConfigureAwait(false));
            var transitions = new List<AlarmTransition>();
            foreach (var reading in inputs)
            {
                transitions.AddRange(held.Evaluator.OnReading(reading));
            }

            if (tick)
            {
                transitions.AddRange(held.Evaluator.OnTick(now));
            }

            var changes = held.Evaluator.ExportChanges();
            if (inputs.Count == 0 && transitions.Count == 0 && changes.Count == 0)
            {
                // A tick with nothing due: no write, so no commit (every partition ticks; most have nothing to do).
                return (0, null);
            }

            await ApplyTransitionsAsync(tx, transitions, cancellationToken).ConfigureAwait(false);
            await tx.SaveStatesAsync(changes, now, cancellationToken).ConfigureAwait(false);
            await tx.DeleteInputsAsync(inputs, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (inputs.Count, transitions);
        }
        catch
        {
            held.Evaluator = null;
            throw;
        }
        finally
        {
            _evaluating.Release();
        }
    }

    // The reorder window (Hub:Rules:ReorderWindow): readings queued since are left for a later pass, unless an older
    // reading of their machine needs them. By default on when MQTT telemetry is shared among nodes, whether by
    // Hub:Mqtt:SharedGroup or by a subscription's own SharedGroup.
    private long QueuedBy(DateTimeOffset now) =>
        (options.Rules.ReorderWindow
            ?? (mqtt.Value.Enabled && mqtt.Value.EffectiveSubscriptions().Any(s => s.SharedGroup is not null) ? TimeSpan.FromSeconds(2) : TimeSpan.Zero))
            is var window && window > TimeSpan.Zero
            ? StoreTime.Micros(now - window)
            : long.MaxValue;

    /// <summary>The SLA escalation, under its singleton lease, with every partition's lock; false when it failed.</summary>
    private async Task<bool> EscalateAsync(HeldLease sla, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LeaseFence.Current = sla.Fence;
        try
        {
            await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
            await tx.LockPartitionsAsync(_leases.Partitions, cancellationToken).ConfigureAwait(false);
            await workflow.EscalateAsync(tx, now, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            outbox.Pulse();
            return true;
        }
        catch (StaleLeaseException)
        {
            _leases.Forget(sla, "an escalation was refused: another node holds a newer token");
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RulePartitionsLog.EscalationFailed(logger, ex, _leases.Node);
            _status = _status with { State = AdapterState.Retrying, LastError = ex.Message, LastErrorAt = time.GetUtcNow() };
            return false;
        }
    }
}
