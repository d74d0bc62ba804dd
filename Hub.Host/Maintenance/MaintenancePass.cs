using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Maintenance;

/// <summary>
/// One pass over the preventive maintenance plans (issue 24 item 4): the plan folder is read again (an edit applies at
/// the next pass), every installed machine of a plan's model is evaluated (<see cref="MaintenanceSchedule"/>) against
/// its stored state and the counter metric's latest value, and an interval that fell due opens a ticket with the code
/// <c>maintenance:&lt;plan id&gt;</c> through <see cref="TicketWorkflow"/>, as an alarm does: priority, SLA, assignment
/// and notifications apply.
/// </summary>
/// <remarks>
/// Exactly once: the interval's key (<see cref="IRulesUnitOfWork.ClaimMaintenanceIntervalAsync"/>, unique in the
/// database), the plan's new state and the ticket commit together, under every rules partition's lock (as the SLA
/// escalation and the MES alarms take them), so two passes, of this node or another, run one after the other and the
/// second finds the interval taken; a crash before the commit leaves the interval for the next pass.
/// </remarks>
internal sealed class MaintenancePass(
    IHubStore hub, IRulesStore rules, TicketWorkflow workflow, HubOptions options, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal outbox, ILogger<MaintenancePass> logger)
{
    /// <summary>The plan folder, in the data folder.</summary>
    public const string FolderName = "maintenance";

    // Plan-and-machine pairs per unit of work: the partitions' locks hold the rules passes back while it runs.
    private const int PairsPerUnitOfWork = 100;

    // The site's calendar, for the dates in the tickets' reasons (Hub:Notifications:TimeZone, as milestones and surveys use).
    private readonly TimeZoneInfo _zone = NotificationPlanner.FindZone(options.Notifications.TimeZone);
    private readonly Lock _reported = new();
    private string? _lastProblems;
    private readonly HashSet<string> _withoutMachines = new(StringComparer.Ordinal);

    /// <summary>Where the plan files are read from.</summary>
    public string Folder => options.Resolve(FolderName);

    /// <summary>The ids of the plans the folder holds now (read again at each call; plan files are small and few).</summary>
    public IReadOnlySet<string> CurrentPlanIds() =>
        MaintenancePlanReader.LoadFolder(Folder).Plans.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

    public async Task<MaintenancePassResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var plans = MaintenancePlanReader.LoadFolder(Folder);
        Report(plans);
        if (plans.Plans.Count == 0)
        {
            return new MaintenancePassResult(0, 0);
        }

        var byModel = (await hub.ListEntitiesAsync(EntityKind.InstalledEquipment, cancellationToken).ConfigureAwait(false))
            .OfType<InstalledEquipment>().Where(m => m.Model is not null).ToLookup(m => m.Model!, StringComparer.Ordinal);
        var pairs = new List<(MaintenancePlan Plan, InstalledEquipment Machine)>();
        foreach (var plan in plans.Plans)
        {
            var machines = byModel[plan.Model].ToList();
            if (machines.Count == 0)
            {
                ReportOnce(plan);
            }

            pairs.AddRange(machines.Select(m => (plan, m)));
        }

        var opened = 0;
        foreach (var batch in pairs.Chunk(PairsPerUnitOfWork))
        {
            opened += await RunBatchAsync(batch, now, cancellationToken).ConfigureAwait(false);
        }

        return new MaintenancePassResult(pairs.Count, opened);
    }

    private async Task<int> RunBatchAsync((MaintenancePlan Plan, InstalledEquipment Machine)[] batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The counters' latest values, read before the locks: a reading stored meanwhile is the next pass's.
        var counters = new Dictionary<(string Asset, string Metric), CounterReading>();
        foreach (var asset in batch.Where(p => p.Plan.Counter is not null).Select(p => p.Machine.AssetId).Distinct(StringComparer.Ordinal))
        {
            foreach (var metric in await hub.LatestMetricsAsync(asset, cancellationToken).ConfigureAwait(false))
            {
                counters[(asset, metric.Metric)] = new CounterReading((double)metric.Value, metric.Timestamp);
            }
        }

        await using var tx = await rules.BeginAsync(cancellationToken).ConfigureAwait(false);
        await tx.LockPartitionsAsync(options.Rules.Partitions, cancellationToken).ConfigureAwait(false);
        var states = (await tx.MaintenanceStatesAsync([.. batch.Select(p => p.Machine.AssetId)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(s => (s.PlanId, s.AssetId));
        var opened = new List<(MaintenancePlan Plan, string Asset, long Interval, string Reason)>();
        foreach (var (plan, machine) in batch)
        {
            var stored = states.GetValueOrDefault((plan.Id, machine.AssetId));
            var counter = plan.Counter is { } metric ? counters.GetValueOrDefault((machine.AssetId, metric)) : null;
            var decision = MaintenanceSchedule.Evaluate(plan, machine, stored, counter, now, _zone);
            if (decision.DueInterval is { } interval)
            {
                if (await tx.ClaimMaintenanceIntervalAsync(plan.Id, machine.AssetId, decision.DueKey!.Value, now, cancellationToken).ConfigureAwait(false))
                {
                    await OpenTicketAsync(tx, plan, machine.AssetId, decision.Reason, now, cancellationToken).ConfigureAwait(false);
                    opened.Add((plan, machine.AssetId, interval, decision.Reason));
                }
                else
                {
                    MaintenanceLog.AlreadyTicketed(logger, plan.Id, interval, machine.AssetId);
                }
            }

            if (decision.Changed)
            {
                await tx.SaveMaintenanceStateAsync(decision.State, now, cancellationToken).ConfigureAwait(false);
                Report(decision, stored);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (plan, asset, interval, reason) in opened)
        {
            MaintenanceLog.Due(logger, plan.Id, LogText.Escape(asset), interval, LogText.Escape(reason));
        }

        if (opened.Count > 0)
        {
            outbox.Pulse();
        }

        return opened.Count;
    }

    /// <summary>
    /// Opens the ticket as a raised alarm of the rule <c>maintenance:&lt;plan id&gt;</c> would (one open ticket per
    /// machine and code: an interval that falls due while the last one's ticket is still open adds an occurrence to it),
    /// and clears that alarm at once: maintenance is an event, not a condition that clears later.
    /// </summary>
    private async Task OpenTicketAsync(IRulesUnitOfWork tx, MaintenancePlan plan, string asset, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var raised = new AlarmTransition
        {
            Kind = AlarmTransitionKind.Raised,
            RuleId = plan.TicketCode,
            AssetId = asset,
            Metric = plan.Counter ?? "calendar",
            Code = plan.TicketCode,
            Severity = plan.Severity,
            At = now,
            Reason = reason,
            TextEn = plan.Title,
        };
        await workflow.OnRaisedAsync(tx, raised, null, cancellationToken).ConfigureAwait(false);
        await tx.ClearAlarmAsync(raised with { Kind = AlarmTransitionKind.Cleared, Reason = "Maintenance is an event: nothing to clear." }, cancellationToken).ConfigureAwait(false);
    }

    private void Report(MaintenancePlanSet plans)
    {
        // Once per change of the folder's problems, not at every pass.
        var problems = string.Join(" | ", plans.Errors);
        lock (_reported)
        {
            if (problems == _lastProblems)
            {
                return;
            }

            _lastProblems = problems;
        }

        if (plans.Errors.Count > 0)
        {
            MaintenanceLog.PlanProblems(logger, Folder, plans.Errors.Count, problems);
        }
        else
        {
            MaintenanceLog.PlansRead(logger, Folder, plans.Plans.Count);
        }
    }

    private void ReportOnce(MaintenancePlan plan)
    {
        lock (_reported)
        {
            if (!_withoutMachines.Add(plan.Id + "\n" + plan.Model))
            {
                return;
            }
        }

        MaintenanceLog.NoMachines(logger, plan.Id, plan.Model);
    }

    private void Report(MaintenanceDecision decision, MaintenanceState? stored)
    {
        var state = decision.State;
        if (state.Problem is not null && state.Problem != stored?.Problem)
        {
            MaintenanceLog.NotScheduled(logger, LogText.Escape(decision.Reason));
        }

        if (state.CounterResets > (stored?.CounterResets ?? 0))
        {
            MaintenanceLog.CounterWentDown(logger, state.PlanId, LogText.Escape(state.AssetId), state.CounterResets, LogText.Escape(decision.Reason));
        }
    }
}
