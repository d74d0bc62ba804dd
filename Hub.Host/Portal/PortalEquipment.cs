namespace IntegrationHub.Hub.Host.Portal;

/// <summary>One of the customer's installed machines on the portal: its latest readings and its open tickets.</summary>
internal sealed record PortalEquipment(
    string AssetId,
    string? Model,
    string? SerialNo,
    string? Site,
    DateTimeOffset? InstalledAt,
    IReadOnlyList<PortalMetric> Metrics,
    IReadOnlyList<PortalTicket> OpenTickets);

/// <summary>A machine's latest value of one metric.</summary>
internal sealed record PortalMetric(string Metric, decimal Value, string? Unit, DateTimeOffset At);

/// <summary>
/// What a customer sees of a service ticket on their machine: what, since when and how far along; never the desk's
/// assignee, comments or internal notes.
/// </summary>
internal sealed record PortalTicket(string TicketNo, string AlarmCode, string Status, DateTimeOffset OpenedAt, DateTimeOffset? RespondedAt);
