namespace IntegrationHub.Crm.Core.Tickets;

/// <summary>A service ticket (work order for the service desk), opened for an alarm on a customer's asset.</summary>
public sealed record ServiceTicket
{
    public required string TicketNo { get; init; }

    public required string AssetId { get; init; }

    public required string CustomerCode { get; init; }

    public required string AlarmCode { get; init; }

    public required TicketPriority Priority { get; init; }

    public TicketStatus Status { get; init; } = TicketStatus.Open;

    public string? Assignee { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? RespondBy { get; init; }

    public DateTimeOffset? ResolveBy { get; init; }

    /// <summary>When the desk first responded (acknowledged, commented or assigned by hand).</summary>
    public DateTimeOffset? RespondedAt { get; init; }

    /// <summary>When the ticket was last updated by a person; holds off the next escalation step.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The queue holding the ticket when no engineer is assigned.</summary>
    public string? Queue { get; init; }

    /// <summary>How far the ticket has been escalated.</summary>
    /// <value>The default value is <see cref="EscalationLevel.None"/>.</value>
    public EscalationLevel Escalation { get; init; } = EscalationLevel.None;

    /// <summary>How many times the alarm occurred while this ticket was open, the first included.</summary>
    /// <value>The default value is 1.</value>
    public int Occurrences { get; init; } = 1;

    /// <summary>When the alarm last occurred on this ticket.</summary>
    public DateTimeOffset? LastOccurrenceAt { get; init; }

    /// <summary>Whether the ticket is still open for new occurrences (Open or Acknowledged).</summary>
    public bool IsOpen => Status is TicketStatus.Open or TicketStatus.Acknowledged;
}
