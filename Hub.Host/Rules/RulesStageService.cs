using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// Runs the alarm rules over the telemetry the store queued for them, and the timers (debounce, clear delay, no
/// data, SLA escalation) on a tick.
/// </summary>
/// <remarks>
/// Why a queue table and not a call from the telemetry sink: the readings are queued in the telemetry's own
/// transaction, and each batch's effects (alarm state, tickets, history, outbox) are stored in one transaction
/// that also deletes the batch from the queue. A crash anywhere leaves either the readings queued or their effects
/// stored, never neither and never both, so no reading is lost and none makes two tickets. The evaluator's state is
/// stored with its effects, so after a restart timers resume where they were.
/// </remarks>
internal sealed class RulesStageService(
    HubRules rules, HubOptions options, IRulesStore store, TicketWorkflow workflow, TimeProvider time,
    [FromKeyedServices(RulesStageService.InputsSignal)] WorkSignal inputs,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal outbox,
    ILogger<RulesStageService> logger) : BackgroundService, IAdapterStatusSource
{
    public const string InputsSignal = "rule-inputs";

    /// <summary>The counter (in the store's counters) of committed rules passes, by all nodes on the database.</summary>
    internal const string PassCounter = "rules-stage-pass";

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, ConfiguredRule> _byId = rules.Rules.ToDictionary(r => r.Rule.Id, StringComparer.Ordinal);
    private volatile AdapterStatus _status = new() { Name = "rules", State = AdapterState.Starting };
    private long _readings;
    private long _raised;
    private long _cleared;
    private long _ticks;
    private AlarmEvaluator? _evaluator;
    private DateTimeOffset _lastTick = DateTimeOffset.MinValue;
    private long _lastPass = long.MinValue;

    public AdapterStatus GetStatus() => _status with
    {
        Counts = new Dictionary<string, long>
        {
            ["rules"] = rules.Rules.Count,
            ["readingsEvaluated"] = Interlocked.Read(ref _readings),
            ["alarmsRaised"] = Interlocked.Read(ref _raised),
            ["alarmsCleared"] = Interlocked.Read(ref _cleared),
            // Timer passes committed; lets tests and operators see that the timers still run (issue 16).
            ["ticks"] = Interlocked.Read(ref _ticks),
        },
    };

    /// <summary>Runs one batch (and the tick, when due); returns how many readings it evaluated.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Reading the queue takes the stage's lock (on PostgreSQL an advisory lock that every node's stage takes),
            // so from here to the commit no other node evaluates, and the evaluator's state is checked after it.
            var inputs = await tx.ReadInputsAsync(options.Rules.BatchSize, cancellationToken).ConfigureAwait(false);
            var tick = now - _lastTick >= options.Rules.TickInterval;
            if (inputs.Count == 0 && !tick)
            {
                return 0;
            }

            // Issue 17 (several nodes on one PostgreSQL): the evaluator's state lives in memory between passes, and
            // another node's pass changes the stored state under it; evaluating on a stale copy raised an alarm the
            // other node had raised already (two alarms, two occurrences). Every committed pass counts itself under
            // the lock: a count that is not the next after this node's last pass means another node passed since,
            // and the state is loaded again.
            var pass = await tx.NextAsync(PassCounter, cancellationToken).ConfigureAwait(false);
            if (_evaluator is null || pass != _lastPass + 1)
            {
                _evaluator = new AlarmEvaluator(rules.Rules.Select(r => r.Rule), await tx.LoadStatesAsync(cancellationToken).ConfigureAwait(false));
            }

            var transitions = new List<AlarmTransition>();
            foreach (var reading in inputs)
            {
                transitions.AddRange(_evaluator.OnReading(reading));
            }

            if (tick)
            {
                transitions.AddRange(_evaluator.OnTick(now));
            }

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

            if (tick)
            {
                await workflow.EscalateAsync(tx, now, cancellationToken).ConfigureAwait(false);
            }

            await tx.SaveStatesAsync(_evaluator.ExportChanges(), now, cancellationToken).ConfigureAwait(false);
            await tx.DeleteInputsAsync(inputs, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            _lastPass = pass;
            if (transitions.Count > 0)
            {
                // Tickets may have queued notifications: the dispatcher need not wait for its next poll.
                outbox.Pulse();
            }

            if (tick)
            {
                _lastTick = now;
                Interlocked.Increment(ref _ticks);
            }

            Interlocked.Add(ref _readings, inputs.Count);
            Interlocked.Add(ref _raised, transitions.Count(t => t.Kind == AlarmTransitionKind.Raised));
            Interlocked.Add(ref _cleared, transitions.Count(t => t.Kind == AlarmTransitionKind.Cleared));
            return inputs.Count;
        }
        catch
        {
            // The evaluator ran ahead of what was stored; the next batch starts again from the stored state.
            _evaluator = null;
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (rules.Rules.Count == 0)
        {
            RulesLog.NoRules(logger, rules.Folder);
            _status = _status with { State = AdapterState.Stopped, LastError = $"no alarm rules in {rules.Folder}" };
            return;
        }

        RulesLog.Started(logger, rules.Rules.Count, rules.Folder);
        var retry = RetryForever.Build(time, MaxDelay, ex => ex is not OperationCanceledException, (ex, delay) =>
        {
            RulesLog.StageFailed(logger, ex, delay);
            _status = _status with { State = AdapterState.Retrying, LastError = ex.Message, LastErrorAt = time.GetUtcNow() };
        });
        var idle = options.Rules.TickInterval < TimeSpan.FromSeconds(1) ? options.Rules.TickInterval : TimeSpan.FromSeconds(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var count = await retry.ExecuteAsync(async token => await RunOnceAsync(token).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                _status = _status with { State = AdapterState.Running, LastSuccessAt = time.GetUtcNow() };
                if (count < options.Rules.BatchSize)
                {
                    // Woken by the store as soon as readings are queued; otherwise the tick's timers still run.
                    await inputs.WaitAsync(idle, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
