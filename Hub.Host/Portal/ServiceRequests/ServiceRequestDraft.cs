using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Portal.ServiceRequests;

/// <summary>A customer's report as sent, before it is checked: from the portal's form or a chat message.</summary>
internal sealed record ServiceRequestDraft
{
    public required string CustomerCode { get; init; }

    public required string AssetId { get; init; }

    public required string Category { get; init; }

    public required string? Text { get; init; }

    /// <summary><c>portal</c> or <c>chat</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The idempotency key: the same key from the same customer is one request, however often it is sent.</summary>
    public required string RequestKey { get; init; }

    /// <summary>Photos already taken in by <see cref="PhotoIntake"/>.</summary>
    public IReadOnlyList<StoredPhoto> Photos { get; init; } = [];
}
