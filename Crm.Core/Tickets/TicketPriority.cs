namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>Ticket priority; P0 is the most urgent.</summary>
public enum TicketPriority
{
    P0,
    P1,
    P2,
}
