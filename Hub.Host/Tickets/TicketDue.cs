using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Hub.Host.Tickets;

/// <summary>The SLA time the desk must meet next, by which the queue is sorted and escalation is driven.</summary>
internal static class TicketDue
{
    /// <summary>The response target until responded, then the resolution target; null once the ticket is no longer open.</summary>
    public static DateTimeOffset? Next(ServiceTicket ticket) =>
        !ticket.IsOpen ? null : ticket.RespondedAt is null ? ticket.RespondBy : ticket.ResolveBy;
}
