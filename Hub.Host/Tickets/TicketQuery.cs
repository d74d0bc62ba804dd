using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Hub.Host.Tickets;

/// <summary>The desk's ticket list filter; every part optional. Results are sorted by the next SLA due time.</summary>
internal sealed record TicketQuery
{
    public TicketStatus? Status { get; init; }

    public TicketPriority? Priority { get; init; }

    public string? Assignee { get; init; }

    public string? CustomerCode { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}
