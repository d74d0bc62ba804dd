namespace IntegrationHub.Hub.Host.Store;

/// <summary>A customer's portal token as stored: only its hash, never the token.</summary>
internal sealed record PortalTokenRecord(
    string TokenId,
    string CustomerCode,
    string TokenHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null);
