namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>Whether an alarm opens a ticket or adds an occurrence to an open one, and why.</summary>
public sealed record DedupDecision
{
    public required TicketKey Key { get; init; }

    /// <summary>The open ticket the alarm belongs to; null when a new ticket is to be opened.</summary>
    public string? ExistingTicketNo { get; init; }

    /// <summary>Whether a new ticket is to be opened.</summary>
    public bool OpensTicket => ExistingTicketNo is null;

    /// <summary>Why, in English, for the ticket's history.</summary>
    public required string Reason { get; init; }
}
