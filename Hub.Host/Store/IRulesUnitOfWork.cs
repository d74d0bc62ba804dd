using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Field;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One transaction of the rules stage or the desk: everything a batch of readings or a desk action changes (alarm
/// state, alarms, tickets and their history, outbox messages, holds) commits together or not at all, and the batch
/// leaves the rules' input queue in the same commit, so a crash never loses a reading nor applies one twice.
/// </summary>
internal partial interface IRulesUnitOfWork : IAsyncDisposable
{
    /// <summary>Makes everything done through this unit of work durable at once.</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The partition's readings queued first, at most <paramref name="limit"/> queued at or before
    /// <paramref name="queuedBy"/> (Unix microseconds; <see cref="long.MaxValue"/> for all), together with every reading
    /// queued after it of the same machines that is not newer than the newest of theirs in the batch; in time order
    /// (the evaluator ignores a reading older than one it has seen for the same rule and machine, so a reading that
    /// another node stored a moment later must come in the same batch). Takes the partition's lock until the unit of
    /// work ends (PostgreSQL: a transaction-level advisory lock; SQLite: its writer lock), so that the partition's
    /// passes, and the SLA escalation (<see cref="LockPartitionsAsync"/>), run one at a time.
    /// </summary>
    Task<IReadOnlyList<TelemetryReading>> ReadInputsAsync(RulePartition partition, int limit, long queuedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the locks of all <paramref name="count"/> partitions, in order, until the unit of work ends: the SLA
    /// escalation writes tickets of every partition's machines, and must not interleave with a partition's pass that
    /// writes the same ticket (issue 18 item 2).
    /// </summary>
    Task LockPartitionsAsync(int count, CancellationToken cancellationToken);

    /// <summary>
    /// For the rules evaluated at ingest (issue 20 item 1): takes the locks of <paramref name="partitions"/> (given in
    /// ascending order, and taken in it, so that two batches cannot deadlock) until the unit of work ends, as a pass
    /// takes its partition's, and returns the indexes of those that may have readings queued: an older queued reading
    /// of one of their machines must be evaluated first, so their readings are queued behind it.
    /// </summary>
    Task<IReadOnlySet<int>> LockForIngestAsync(IReadOnlyList<RulePartition> partitions, CancellationToken cancellationToken);

    /// <summary>Removes the evaluated readings (by asset, metric and time) from the rules' input queue.</summary>
    Task DeleteInputsAsync(IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken);

    /// <summary>The alarm evaluator's stored state of the partition's machines, one per rule and asset.</summary>
    Task<IReadOnlyList<AlarmRuleState>> LoadStatesAsync(RulePartition partition, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the evaluator's changed states.</summary>
    Task SaveStatesAsync(IReadOnlyList<AlarmRuleState> states, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The current version of one canonical entity, or null when there is none.</summary>
    Task<CanonicalEntity?> EntityAsync(EntityKind kind, string key, CancellationToken cancellationToken);

    /// <summary>Records a raised alarm; the same rule, asset and time recorded already makes this a no-op.</summary>
    Task InsertAlarmAsync(AlarmTransition raised, string? ticketNo, CancellationToken cancellationToken);

    /// <summary>Marks the rule's active alarm on the asset cleared; returns its ticket number, if it had one.</summary>
    Task<string?> ClearAlarmAsync(AlarmTransition cleared, CancellationToken cancellationToken);

    /// <summary>Whether every alarm linked to the ticket has cleared.</summary>
    Task<bool> AlarmsClearedAsync(string ticketNo, CancellationToken cancellationToken);

    /// <summary>Acknowledges the ticket's active alarms not acknowledged yet.</summary>
    Task AcknowledgeAlarmsAsync(string ticketNo, DateTimeOffset at, string user, CancellationToken cancellationToken);

    /// <summary>The next value of a named counter, made in this unit of work (unique across hub nodes on one database).</summary>
    Task<long> NextAsync(string counter, CancellationToken cancellationToken);

    /// <summary>The asset's tickets that are open or acknowledged.</summary>
    Task<IReadOnlyList<ServiceTicket>> OpenTicketsOfAssetAsync(string assetId, CancellationToken cancellationToken);

    /// <summary>One ticket, or null when there is none.</summary>
    Task<ServiceTicket?> TicketAsync(string ticketNo, CancellationToken cancellationToken);

    /// <summary>Open tickets whose next SLA target (response, else resolution) is at or before <paramref name="now"/>, at most 200, earliest first.</summary>
    Task<IReadOnlyList<ServiceTicket>> TicketsDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The desk's queue: open tickets by SLA due first, then closed and resolved ones, newest first.</summary>
    Task<IReadOnlyList<ServiceTicket>> ListTicketsAsync(TicketQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces the ticket. The open key (asset and alarm code, only while the ticket is open) is unique
    /// in the database, so two nodes can never hold two open tickets for one alarm.
    /// </summary>
    Task SaveTicketAsync(ServiceTicket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Appends an entry to the ticket's history, numbered after the last one.</summary>
    Task AddHistoryAsync(string ticketNo, DateTimeOffset at, string actor, string action, string detail, bool isInternal, CancellationToken cancellationToken);

    /// <summary>The ticket's history, in order.</summary>
    Task<IReadOnlyList<TicketHistoryEntry>> HistoryAsync(string ticketNo, CancellationToken cancellationToken);

    /// <summary>Puts the customer's account on hold for new order approvals because of a P0 ticket; false when it was already.</summary>
    Task<bool> AddHoldAsync(string customerCode, string ticketNo, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Releases the hold of a resolved ticket; true when there was one.</summary>
    Task<bool> ReleaseHoldAsync(string ticketNo, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Whether the customer has a hold not released yet.</summary>
    Task<bool> IsOnHoldAsync(string customerCode, CancellationToken cancellationToken);

    /// <summary>The engineers' current open-ticket counts, for load-aware assignment.</summary>
    Task<IReadOnlyDictionary<string, int>> OpenTicketsPerAssigneeAsync(CancellationToken cancellationToken);

    /// <summary>Queues a message; a message for the same event key already queued makes this a no-op (false).</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>The preventive maintenance plans' stored states on these machines, every plan's (issue 24 item 4).</summary>
    Task<IReadOnlyList<MaintenanceState>> MaintenanceStatesAsync(IReadOnlyCollection<string> assetIds, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces a maintenance plan's state on a machine.</summary>
    Task SaveMaintenanceStateAsync(MaintenanceState state, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the key of a maintenance plan's interval on a machine, unique in the database, for the ticket opened in this
    /// unit of work; false when it was taken already (by an earlier pass, before a restart, or by another node), and then
    /// no ticket may be opened for it.
    /// </summary>
    Task<bool> ClaimMaintenanceIntervalAsync(string planId, string assetId, long interval, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// The rule and asset of every alarm not cleared whose rule id starts with <paramref name="ruleIdPrefix"/> (compared
    /// as text, no wildcards): for example <c>opcua:</c>, the MES server's conditions.
    /// </summary>
    Task<IReadOnlyList<(string RuleId, string AssetId)>> ActiveAlarmsAsync(string ruleIdPrefix, CancellationToken cancellationToken);
    // The engineer's phone page (issue 24 item 2, Field/).

    /// <summary>
    /// Open tickets assigned to <paramref name="engineerId"/>, or assigned to nobody and waiting in one of
    /// <paramref name="queues"/>; by SLA due first, at most <paramref name="take"/>.
    /// </summary>
    Task<IReadOnlyList<ServiceTicket>> FieldTicketsAsync(string engineerId, IReadOnlyList<string> queues, int take, CancellationToken cancellationToken);

    /// <summary>The asset's tickets of any status, newest first, at most <paramref name="take"/>: its service history.</summary>
    Task<IReadOnlyList<ServiceTicket>> TicketsOfAssetAsync(string assetId, int take, CancellationToken cancellationToken);

    /// <summary>The asset's alarms that have not cleared, newest first, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<OpenAlarm>> OpenAlarmsOfAssetAsync(string assetId, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the report unless one with its id is stored already (a resend); returns the stored one either way, and
    /// whether this call added it.
    /// </summary>
    Task<(ServiceReport Stored, bool Added)> AddServiceReportAsync(ServiceReport report, CancellationToken cancellationToken);

    /// <summary>The ticket's service reports, in the order they arrived.</summary>
    Task<IReadOnlyList<ServiceReport>> ServiceReportsAsync(string ticketNo, CancellationToken cancellationToken);
}
