using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// A problem a customer reported for one of their machines (issue 24 item 1), as stored with its ticket:
/// <see cref="RequestKey"/> is the idempotency key the form (or chat message) sent, unique per customer.
/// </summary>
internal sealed record ServiceRequestRecord
{
    public required string CustomerCode { get; init; }

    public required string RequestKey { get; init; }

    public required string TicketNo { get; init; }

    public required string AssetId { get; init; }

    public required string Category { get; init; }

    /// <summary>Where it came from: <c>portal</c> or <c>chat</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The customer's description, checked (no control characters) and bounded.</summary>
    public required string Text { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public IReadOnlyList<StoredPhoto> Photos { get; init; } = [];
}
