using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The outbox as the dispatcher and the desk see it: due messages, the outcome of each attempt, replay of a dead
/// one. Messages are queued by the rules' unit of work (<see cref="IRulesUnitOfWork.EnqueueAsync"/>), in the
/// transaction of the ticket they are about. Each call here is its own committed transaction.
/// </summary>
internal interface IOutboxStore
{
    /// <summary>Messages in <paramref name="status"/>, next attempt first; for pending ones only those due by <paramref name="dueBy"/>.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, DateTimeOffset? dueBy, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Claims due messages for one node, in one transaction, deciding quiet hours and the per-customer limit inside
    /// it (issue 18 item 3; <see cref="OutboxClaiming"/>). Nodes claiming at once get different messages.
    /// </summary>
    Task<OutboxClaimResult> ClaimAsync(OutboxClaimRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcome of an attempt of one message and clears its claim, only while the message still carries
    /// the claim <paramref name="claimToken"/> (null: a message nobody claimed). False, and nothing changed, when
    /// another node has taken the message over since.
    /// </summary>
    Task<bool> RecordAsync(
        string id, string? claimToken, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt,
        CancellationToken cancellationToken);

    /// <summary>
    /// Makes a dead message pending again, due at <paramref name="at"/>, with no attempts and <paramref name="note"/>
    /// as its last error; false (and nothing changed) when no dead message has this id.
    /// </summary>
    Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken);

    /// <summary>How many messages there are in each status, by status name.</summary>
    Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken);
}
