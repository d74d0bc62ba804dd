namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>Who gets a ticket, an engineer or a queue, and why.</summary>
public sealed record AssignmentDecision
{
    /// <summary>The chosen engineer's id; null when the ticket goes to <see cref="Queue"/>.</summary>
    public string? EngineerId { get; init; }

    /// <summary>The queue, when no engineer fits.</summary>
    public string? Queue { get; init; }

    /// <summary>Why, in English, for the ticket's history.</summary>
    public required string Reason { get; init; }
}
