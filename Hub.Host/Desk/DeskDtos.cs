using IntegrationHub.Crm.Core.Tickets;
using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tickets;

namespace IntegrationHub.Hub.Host.Desk;

internal sealed record SignInRequest(string? UserName, string? Password);

internal sealed record DeskSession(string UserName, string Role);

internal sealed record AssignRequest(string? Assignee, string? Reason);

internal sealed record CommentRequest(string? Text, bool Internal);

internal sealed record ResolveRequest(string? Note);

/// <summary>An acknowledgement's optional comment; with Hub:Mes:Alarms:AcknowledgeOnServer it goes to the MES server's condition too.</summary>
internal sealed record AcknowledgeRequest(string? Comment);

internal sealed record DeskError(string Error, string Message);

/// <summary>A ticket on the desk's list, with the SLA figures the board counts down.</summary>
internal sealed record TicketSummary(ServiceTicket Ticket, DateTimeOffset? DueAt, string SlaState);

internal sealed record TicketDetail(ServiceTicket Ticket, DateTimeOffset? DueAt, string SlaState, IReadOnlyList<TicketHistoryEntry> History);

internal sealed record TicketList(IReadOnlyList<TicketSummary> Items, int Skip, int Take);

internal sealed record OutboxList(IReadOnlyList<OutboxMessage> Items);

/// <summary>A chart point: a reading, or a rollup bucket at its mean with its min and max (issue 17 item 6).</summary>
internal sealed record TelemetryPoint(DateTimeOffset At, double Value, double? Min = null, double? Max = null);

internal sealed record MetricSeries(string Metric, string? Unit, IReadOnlyList<TelemetryPoint> Points);

/// <summary>The ticket chart's series, and the history they come from: <c>Raw</c>, <c>Minute</c> or <c>Hour</c>.</summary>
internal sealed record TicketTelemetry(string AssetId, IReadOnlyList<MetricSeries> Metrics, TelemetryResolution Resolution = TelemetryResolution.Raw);
