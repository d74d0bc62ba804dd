using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The CRM change feed's log and its consumers' API keys (issue 23 item 1). The log is written by the database itself
/// (triggers on entities and tickets), so every write path feeds it; ids are in commit order on both stores, so a
/// reader that has seen id N never meets a new row below N.
/// </summary>
internal interface ICrmFeedStore
{
    /// <summary>
    /// Up to <paramref name="limit"/> changes after <paramref name="after"/> of the given kinds, oldest first, with the
    /// feed's epoch and its last id, all read in one snapshot (so that a reader may move its cursor to the last id when
    /// the page is not full: nothing of the asked kinds lies between).
    /// </summary>
    Task<CrmFeedPage> ReadAsync(long after, IReadOnlyCollection<string> kinds, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Queues the webhook messages of one subscription (issue 23 item 1), in one transaction: the changes of
    /// <paramref name="kinds"/> after the subscription's position, at most <paramref name="take"/>, each rendered into
    /// an outbox message that carries its entity (<c>subscription/kind/key</c>) and position, so the claim keeps an
    /// entity's messages in order; then the position moves on. A subscription without a position starts at the feed's
    /// end and queues nothing. An event key queued already (another node's pass) is skipped. Returns how many were queued.
    /// </summary>
    Task<int> QueueWebhooksAsync(
        string subscription, IReadOnlyCollection<string> kinds, int take, Func<CrmChangeRow, OutboxMessage> render, CancellationToken cancellationToken);

    /// <summary>Stores a new API key (its hash only).</summary>
    Task AddKeyAsync(CrmApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The key with this hash, revoked or not; null when none has it.</summary>
    Task<CrmApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Every key, oldest first (never the keys themselves: the hub has only their hashes).</summary>
    Task<IReadOnlyList<CrmApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken);

    /// <summary>Revokes a key that is not revoked yet; false when no such active key exists.</summary>
    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);
}
