namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>The escalation level a ticket has reached, and why.</summary>
public sealed record EscalationDecision
{
    /// <summary>The level due now.</summary>
    public required EscalationLevel Level { get; init; }

    /// <summary>
    /// Whether <see cref="Level"/> is above the ticket's current level: the host escalates, notifies and records it.
    /// </summary>
    public required bool Escalates { get; init; }

    /// <summary>When the next level falls due if nothing happens; null when none will.</summary>
    public DateTimeOffset? NextAt { get; init; }

    /// <summary>Why, in English, for the ticket's history.</summary>
    public required string Reason { get; init; }
}
