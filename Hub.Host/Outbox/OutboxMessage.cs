namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// A rendered message waiting to be sent, written in the same transaction as the change that caused it. The event
/// key is unique: the same event can never enqueue a message twice.
/// </summary>
internal sealed record OutboxMessage
{
    public required string Id { get; init; }

    /// <summary>The event, the audience and the channel, e.g. <c>ticket-opened/T-2026-000001/customer/mail</c>.</summary>
    public required string EventKey { get; init; }

    public required string Channel { get; init; }

    public required string Audience { get; init; }

    /// <summary>The customer the message is for or about, for the per-customer rate limit.</summary>
    public string? CustomerCode { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public IReadOnlyList<string> Recipients { get; init; } = [];

    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    public string? LastError { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The node (<c>Hub:NodeId</c>) that claimed the message for sending, while it holds or held the claim (issue 18 item 3).</summary>
    public string? ClaimedBy { get; init; }

    /// <summary>The claim's token: an outcome is recorded only by the holder of this claim. Internal to the nodes, not shown.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ClaimToken { get; init; }

    /// <summary>When the claim lapses and another node may take the message.</summary>
    public DateTimeOffset? ClaimExpiresAt { get; init; }
}
