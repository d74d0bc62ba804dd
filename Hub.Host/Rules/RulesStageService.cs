using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using IntegrationHub.Hub.Host.Metrics;
using IntegrationHub.Hub.Host.Modules.Mqtt;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// Runs the alarm rules over the telemetry the store queued for them, and the timers (debounce, clear delay, no
/// data, SLA escalation) on a tick, for the partitions of machines this node holds (issue 18 item 2).
/// </summary>
/// <remarks>
/// Why a queue table and not a call from the telemetry sink: the readings are queued in the telemetry's own
/// transaction, and each batch's effects (alarm state, tickets, history, outbox) are stored in one transaction
/// that also deletes the batch from the queue. A crash anywhere leaves either the readings queued or their effects
/// stored, never neither and never both, so no reading is lost and none makes two tickets. The evaluator's state is
/// stored with its effects, so after a restart timers resume where they were.
/// <para>
/// Issue 20 item 1: the queue is now the fallback, on both stores. While nothing of their partition is queued, the store
/// hands a batch's watched readings of the partitions this node holds to <see cref="EvaluateAtIngestAsync"/> inside the
/// batch's own transaction, where the same evaluators run
/// them and the same workflow stores their effects, so a reading is never queued and read back; the same "either both
/// or neither" holds, since one commit stores the readings and their effects (Rules/README.md).
/// </para>
/// <para>
/// Several nodes (issue 18 item 2): telemetry is stored by whichever node receives it (MQTT 5 shared subscriptions
/// split it), and queued in one table. The machines are spread over <c>Hub:Rules:Partitions</c> partitions by a stable
/// hash of the asset id (<see cref="RulePartition"/>); each partition is a lease held by one node
/// (<see cref="RulePartitionLeases"/>), which evaluates that partition's readings in the order they were queued, batch
/// after batch. A machine's rules only ever see that machine's readings, so order per machine is all the alarms need,
/// and it is kept: one holder at a time, each pass fenced by the partition's token (a node that lost the lease is
/// refused at commit). The SLA escalation, which writes tickets of every partition, is one singleton lease and takes
/// every partition's lock for its pass. "One open ticket per machine and alarm code" is the database's: the tickets'
/// open_key is UNIQUE. SQLite (one node) runs every partition through the same code.
/// </para>
/// </remarks>
internal sealed partial class RulesStageService(
    HubRules rules, HubOptions options, IOptions<MqttOptions> mqtt, IRulesStore store, ILeaseStore leaseStore, TicketWorkflow workflow, TimeProvider time,
    [FromKeyedServices(RulesStageService.InputsSignal)] WorkSignal inputs,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal outbox,
    ILogger<RulesStageService> logger, RulesInstruments? instruments = null, RulesAtIngest? atIngest = null, TicketPathWarmUp? warmUp = null) : BackgroundService, IAdapterStatusSource
{
    public const string InputsSignal = "rule-inputs";

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, ConfiguredRule> _byId = rules.Rules.ToDictionary(r => r.Rule.Id, StringComparer.Ordinal);
    private readonly RulePartitionLeases _leases = new(options.Rules.Partitions, options, leaseStore, logger);
    private volatile AdapterStatus _status = new() { Name = "rules", State = AdapterState.Starting };
    private long _readings;
    private long _raised;
    private long _cleared;
    private long _ticks;
    private DateTimeOffset _lastTick = DateTimeOffset.MinValue;
    private DateTimeOffset _nextRound = DateTimeOffset.MinValue;
    private bool _started;

    /// <summary>This node's rules leases (partitions and SLA escalation).</summary>
    internal RulePartitionLeases Leases => _leases;

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
            // Issue 18 item 2: the partitions this node evaluates (their leases are on /health), of how many.
            ["partitionsHeld"] = _leases.Snapshot.Count(g => g.Name != PartitionShare.SlaLease),
            ["partitions"] = _leases.Partitions,
        },
    };

    /// <summary>
    /// Takes this node's share of the partitions as part of the host's start, so that a node alone (every SQLite hub)
    /// evaluates from its first request, as before partitions.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (rules.Rules.Count > 0)
        {
            // Before any reading reaches the rules: the first alarm would otherwise compile the ticket path while
            // holding the store's lock (issue 20, TicketPathWarmUp).
            if (warmUp is not null)
            {
                await warmUp.RunAsync(cancellationToken).ConfigureAwait(false);
            }

            await _leases.RoundAsync(cancellationToken).ConfigureAwait(false);
            _nextRound = time.GetUtcNow() + options.Leases.RenewInterval;
            _started = true;
            // Issue 20 item 1: from now on the store hands watched readings of the partitions held to the rules in
            // its own transaction (Hub:Rules:AtIngest), as long as nothing is queued.
            PublishAtIngest();
            if (options.Rules.AtIngest)
            {
                atIngest?.Attach(this);
            }
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the loop, then gives the leases up so that another node takes them at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_started)
            {
                // Readings stored from now on are queued for whichever node takes the partitions.
                atIngest?.Detach();
                _atIngest = [];
                await _leases.ReleaseAllAsync().ConfigureAwait(false);
            }
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
        var idle = options.Rules.TickInterval < TimeSpan.FromSeconds(1) ? options.Rules.TickInterval : TimeSpan.FromSeconds(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                if (now >= _nextRound)
                {
                    await _leases.RoundAsync(stoppingToken).ConfigureAwait(false);
                    _nextRound = now + options.Leases.RenewInterval;
                    PublishAtIngest();
                }

                var full = await SweepAsync(stoppingToken).ConfigureAwait(false);
                if (!full)
                {
                    // Woken by the store as soon as readings are queued; otherwise the tick's timers and the lease
                    // round still run.
                    var untilRound = _nextRound - time.GetUtcNow();
                    var wait = untilRound < idle ? untilRound : idle;
                    await inputs.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One pass of every partition held (with the timers when the tick is due) and the SLA escalation when held and
    /// due; true when some partition filled a whole batch, so that the loop goes on without waiting.
    /// </summary>
    internal async Task<bool> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tick = now - _lastTick >= options.Rules.TickInterval;
        var full = false;
        var failed = false;
        foreach (var held in _leases.Held.ToList())
        {
            if (held.RetryAt > now)
            {
                failed = true;
                continue;
            }

            var outcome = await PassAsync(held, tick, now, cancellationToken).ConfigureAwait(false);
            full |= outcome == PassOutcome.Full;
            failed |= outcome == PassOutcome.Failed;
        }

        if (tick && _leases.Sla is { } sla)
        {
            failed |= !await EscalateAsync(sla, now, cancellationToken).ConfigureAwait(false);
        }

        if (tick)
        {
            // A partition whose tick failed runs its timers at its retry (they catch up on the time passed).
            _lastTick = now;
            if (!failed)
            {
                Interlocked.Increment(ref _ticks);
            }
        }

        _status = failed
            ? _status with { State = AdapterState.Retrying }
            : _status with
            {
                State = AdapterState.Running,
                LastSuccessAt = time.GetUtcNow(),
                LastError = _leases.Mismatch is { } others ? $"no partition taken: live nodes count the partitions otherwise ({others})" : _status.LastError,
            };
        return full;
    }

    private enum PassOutcome
    {
        Idle,
        Some,
        Full,
        Failed,
    }

    private void Count(int readings, List<AlarmTransition> transitions)
    {
        Interlocked.Add(ref _readings, readings);
        Interlocked.Add(ref _raised, transitions.Count(t => t.Kind == AlarmTransitionKind.Raised));
        Interlocked.Add(ref _cleared, transitions.Count(t => t.Kind == AlarmTransitionKind.Cleared));
    }
}
