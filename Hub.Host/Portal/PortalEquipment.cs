namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// One of the customer's installed machines on the portal: its latest readings, its open tickets and its next
/// preventive maintenance per plan (issue 24 item 4).
/// </summary>
internal sealed record PortalEquipment(
    string AssetId,
    string? Model,
    string? SerialNo,
    string? Site,
    DateTimeOffset? InstalledAt,
    IReadOnlyList<PortalMetric> Metrics,
    IReadOnlyList<PortalTicket> OpenTickets,
    IReadOnlyList<PortalMaintenance> Maintenance);

/// <summary>A machine's latest value of one metric.</summary>
internal sealed record PortalMetric(string Metric, decimal Value, string? Unit, DateTimeOffset At);

/// <summary>
/// What a customer sees of a service ticket on their machine: what, since when and how far along; never the desk's
/// assignee, comments or internal notes.
/// </summary>
internal sealed record PortalTicket(string TicketNo, string AlarmCode, string Status, DateTimeOffset OpenedAt, DateTimeOffset? RespondedAt);

/// <summary>
/// A machine's next preventive maintenance under one plan: the due date (calendar plans), or the running hours left with
/// an estimated date when there is one; <see cref="Known"/> is false while the plan cannot be scheduled yet (no
/// installation date, no counter reading). The reason is the desk's to know, not shown here.
/// </summary>
internal sealed record PortalMaintenance(string Plan, string? Title, bool Known, DateTimeOffset? DueAt, double? HoursLeft);
