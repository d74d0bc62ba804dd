namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>What a raised alarm does to the tickets: a new ticket, or an occurrence on the open one.</summary>
public sealed record TicketPlan
{
    /// <summary>The ticket to store: the new one, or the open one with the occurrence added.</summary>
    public required ServiceTicket Ticket { get; init; }

    /// <summary>Whether <see cref="Ticket"/> is new (insert) rather than updated (occurrence).</summary>
    public required bool IsNew { get; init; }

    /// <summary>The history entries, in order, each the reason of one decision.</summary>
    public required IReadOnlyList<string> History { get; init; }
}
