namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>Where a ticket is in the service desk's workflow.</summary>
public enum TicketStatus
{
    Open,
    Acknowledged,
    Resolved,
    Closed,
}
