namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>A service ticket (work order for the service desk), opened for an alarm on a customer's asset.</summary>
public sealed record ServiceTicket
{
    public required string TicketNo { get; init; }

    public required string AssetId { get; init; }

    public required string CustomerCode { get; init; }

    public required string AlarmCode { get; init; }

    public required TicketPriority Priority { get; init; }

    public TicketStatus Status { get; init; } = TicketStatus.Open;

    public string? Assignee { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? RespondBy { get; init; }

    public DateTimeOffset? ResolveBy { get; init; }
}
