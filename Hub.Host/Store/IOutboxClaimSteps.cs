using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The statements of one claim (<see cref="OutboxClaiming"/>), run in one transaction of a store's rules unit of work,
/// so that SQLite and PostgreSQL follow the same steps with their own SQL.
/// </summary>
internal interface IOutboxClaimSteps
{
    /// <summary>
    /// Pending messages due by <paramref name="now"/>, unclaimed or with a claim expired by then, next attempt first,
    /// locked for this transaction (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so another node takes other rows;
    /// SQLite: the writer lock the transaction holds).
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimCandidatesAsync(DateTimeOffset now, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Serialises claims of these customers' messages until the transaction ends (PostgreSQL: one transaction-level
    /// advisory lock per customer, taken in the given order; SQLite: nothing more, its writer lock already does).
    /// </summary>
    Task LockCustomersAsync(IReadOnlyList<string> customerCodes, CancellationToken cancellationToken);

    /// <summary>
    /// Customer messages sent since <paramref name="since"/> plus those claimed and in flight at <paramref name="now"/>,
    /// leaving out those of <paramref name="uncountedEvents"/> (the first part of the event key).
    /// </summary>
    Task<long> CustomerUseAsync(string customerCode, DateTimeOffset since, DateTimeOffset now, IReadOnlyList<string> uncountedEvents, CancellationToken cancellationToken);

    /// <summary>Marks one message claimed by <paramref name="nodeId"/> with <paramref name="token"/> until <paramref name="expiresAt"/>.</summary>
    Task MarkClaimedAsync(string id, string nodeId, string token, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records an outcome and clears the claim, only while the message's claim token is still
    /// <paramref name="claimToken"/> (null: unclaimed); false, and nothing changed, otherwise.
    /// </summary>
    Task<bool> UpdateOutboxAsync(
        string id, string? claimToken, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt,
        CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}
