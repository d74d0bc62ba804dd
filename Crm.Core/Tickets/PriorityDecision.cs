namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>A ticket's priority and why.</summary>
/// <param name="Priority">The priority.</param>
/// <param name="Reason">Why, in English, for the ticket's history.</param>
public sealed record PriorityDecision(TicketPriority Priority, string Reason);
