using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>Who the signed-in engineer is on the roster, for the page's header.</summary>
internal sealed record FieldMe(string DeskUser, string EngineerId, string Name, IReadOnlyList<string> Queues);

/// <summary>A ticket on the engineer's list: the SLA figures the page counts down, and how far the visit is.</summary>
internal sealed record FieldTicket(ServiceTicket Ticket, DateTimeOffset? DueAt, string SlaState, FieldProgress Progress);

internal sealed record FieldTicketList(IReadOnlyList<FieldTicket> Items);

/// <summary>One ticket with its history, the machine's record, what the customer reported and the service reports sent for it.</summary>
internal sealed record FieldTicketDetail(
    ServiceTicket Ticket, DateTimeOffset? DueAt, string SlaState, FieldProgress Progress,
    IReadOnlyList<TicketHistoryEntry> History, MachineRecord Machine, IReadOnlyList<ServiceReport> Reports,
    IReadOnlyList<CustomerReport> CustomerReports);

/// <summary>A problem the customer reported on the portal or in the chat, with its photos, for the engineer to read before the visit.</summary>
internal sealed record CustomerReport(string Category, string Channel, string Text, DateTimeOffset CreatedAt, IReadOnlyList<Photos.StoredPhoto> Photos);

/// <summary>The machine of a ticket: what it is, where, since when, its past tickets, last readings and open alarms.</summary>
internal sealed record MachineRecord(
    string AssetId, string? Model, string? SerialNo, string? Site, DateTimeOffset? InstalledAt,
    IReadOnlyList<ServiceHistoryItem> ServiceHistory, IReadOnlyList<LatestReading> Readings, IReadOnlyList<OpenAlarm> OpenAlarms);

internal sealed record ServiceHistoryItem(string TicketNo, string AlarmCode, TicketPriority Priority, TicketStatus Status, DateTimeOffset OpenedAt, string? Assignee);

internal sealed record LatestReading(string Metric, decimal Value, string? Unit, DateTimeOffset At);

internal sealed record FieldResolveRequest(string? Note);

/// <summary>The stored report, and whether this request was a resend of a report stored before.</summary>
internal sealed record ServiceReportAnswer(ServiceReport Report, bool Resent);
