namespace IntegrationHub.Hub.Host.Store;

/// <summary>A CRM consumer's API key as stored: its id, the SHA-256 of the key (never the key) and the kinds it may read.</summary>
internal sealed record CrmApiKeyRecord(
    string KeyId, string Consumer, string KeyHash, IReadOnlyList<string> Kinds, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
