using IntegrationHub.Adapters.OpcUa.Mes;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>
/// The MES adapter's alarm changes into the hub's alarms and tickets through the rules' own path (issue 22 item 1):
/// each raise and clear becomes an <see cref="AlarmTransition"/> of the rule <c>opcua:CODE</c> that
/// <see cref="TicketWorkflow"/> applies as it applies a rule's, so one ticket per machine and code, the same priority,
/// SLA, assignment and notifications. A batch is one unit of work, holding the rule partitions' locks (as the SLA
/// escalation does) so that it never interleaves with a rules pass writing the same tickets. Rejected
/// events become dead letters with their reason, one per refused event however often a ConditionRefresh resends it
/// (its content key).
/// </summary>
internal sealed class TicketingMesAlarmSink(
    IRulesStore rules, IHubStore hub, TicketWorkflow workflow, HubOptions options, IOptions<MesOptions> mes, TimeProvider time,
    [FromKeyedServices(OutboxDispatcher.EnqueuedSignal)] WorkSignal outbox, ILogger<TicketingMesAlarmSink> logger) : IMesAlarmSink
{
    /// <summary>The dead letters' source when no mapping names the condition events (the Sources table).</summary>
    public const string DefaultSource = "mes-opcua-alarms";

    // Dead letters of a mapped event are the mapping's source, so that they sit with that file's other refusals.
    private readonly string _source = mes.Value.Alarms.Mapping is { Length: > 0 } mapping ? mapping : DefaultSource;

    /// <summary>The prefix of the rule ids of conditions' alarms: the origin <c>opcua:</c>.</summary>
    public const string RuleIdPrefix = "opcua:";

    /// <summary>The rule id of a condition's alarms: alarms of conditions and of rules never share a row.</summary>
    public static string RuleId(string code) => RuleIdPrefix + code;

    /// <summary>
    /// Every alarm of condition origin not cleared: the hub has one MES server, so they are all its conditions'. Read
    /// in a unit of work that only reads (disposed without commit).
    /// </summary>
    public async Task<IReadOnlyList<(string AssetId, string Code)>> HeldActiveAsync(CancellationToken cancellationToken)
    {
        await using var tx = await rules.BeginAsync(cancellationToken).ConfigureAwait(false);
        var active = await tx.ActiveAlarmsAsync(RuleIdPrefix, cancellationToken).ConfigureAwait(false);
        return [.. active.Select(a => (a.AssetId, a.RuleId[RuleIdPrefix.Length..]))];
    }

    public async Task ApplyAsync(IReadOnlyList<MesAlarmChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var rejected = changes.Where(c => c.Kind == MesAlarmChangeKind.Rejected).ToList();
        if (rejected.Count > 0)
        {
            var now = time.GetUtcNow();
            await hub.ApplyAsync([], [.. rejected.Select(r => DeadLetter.Create(_source, r.Reference, r.Reference, r.Reason, now) with { ContentKey = r.ContentKey })], cancellationToken).ConfigureAwait(false);
            MesAlarmLog.DeadLettered(logger, rejected.Count, rejected[0].Reference, rejected[0].Reason);
        }

        var transitions = changes.Where(c => c.Kind != MesAlarmChangeKind.Rejected).Select(ToTransition).ToList();
        if (transitions.Count == 0)
        {
            return;
        }

        await using var tx = await rules.BeginAsync(cancellationToken).ConfigureAwait(false);
        // Every partition's lock, in order, as the SLA escalation takes them (PostgreSQL: advisory locks; SQLite: its one
        // writer): a batch of condition changes is small and rare next to the readings, and never waits on itself.
        await tx.LockPartitionsAsync(options.Rules.Partitions, cancellationToken).ConfigureAwait(false);
        foreach (var transition in transitions)
        {
            if (transition.Kind == AlarmTransitionKind.Raised)
            {
                await workflow.OnRaisedAsync(tx, transition, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await workflow.OnClearedAsync(tx, transition, cancellationToken).ConfigureAwait(false);
            }
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        outbox.Pulse();
    }

    private static AlarmTransition ToTransition(MesAlarmChange change) => new()
    {
        Kind = change.Kind == MesAlarmChangeKind.Raised ? AlarmTransitionKind.Raised : AlarmTransitionKind.Cleared,
        RuleId = RuleId(change.Code),
        AssetId = change.AssetId,
        Metric = "opcua-condition",
        Code = change.Code,
        Severity = ConditionSeverityTable.Map(change.Severity),
        At = change.At,
        Reason = change.Reason,
        TextEn = change.Message,
    };
}
