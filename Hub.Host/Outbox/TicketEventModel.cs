namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>What a notification template can show about a ticket; times are formatted in the site's time zone.</summary>
internal sealed record TicketEventModel
{
    public required string TicketNo { get; init; }

    public required string AssetId { get; init; }

    public required string AlarmCode { get; init; }

    /// <summary>The alarm's text in the audience's language.</summary>
    public string? AlarmText { get; init; }

    public required string Priority { get; init; }

    public required string CustomerCode { get; init; }

    public string? CustomerName { get; init; }

    /// <summary>The engineer's name, or the queue when nobody is assigned yet.</summary>
    public string? Engineer { get; init; }

    public string? RespondBy { get; init; }

    public string? ResolveBy { get; init; }

    public int Occurrences { get; init; }

    /// <summary>Why (escalation reason, resolution note).</summary>
    public string? Reason { get; init; }

    public string? EscalationLevel { get; init; }

    public bool AlarmCleared { get; init; }

    public required string At { get; init; }
}
