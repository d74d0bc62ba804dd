namespace IntegrationHub.Hub.Host.Tickets;

/// <summary>One change of a ticket: who, when, what and why. Internal entries are for the desk only, never the customer.</summary>
internal sealed record TicketHistoryEntry(int Seq, DateTimeOffset At, string Actor, string Action, string Detail, bool Internal);
