namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>When a ticket must be responded to and resolved, and why.</summary>
/// <param name="RespondBy">The response deadline.</param>
/// <param name="ResolveBy">The resolution deadline.</param>
/// <param name="Reason">How they were computed, in English, for the ticket's history.</param>
public sealed record SlaDueTimes(DateTimeOffset RespondBy, DateTimeOffset ResolveBy, string Reason);
