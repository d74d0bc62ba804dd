namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Retention of the store's other growing tables (issue 17 item 6): dead letters and finished outbox messages.
/// Each call deletes at most <c>batchSize</c> rows in one short transaction.
/// </summary>
internal interface IRecordRetentionStore
{
    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> dead letters: replayed ones replayed before
    /// <paramref name="replayedBefore"/>, and ones still waiting for a replay created before <paramref name="waitingBefore"/>.
    /// </summary>
    Task<int> DeleteDeadLettersAsync(DateTimeOffset replayedBefore, DateTimeOffset waitingBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> outbox messages that are finished: sent before <paramref name="before"/>,
    /// or suppressed (the per-customer limit) before it. Pending and dead messages are kept.
    /// </summary>
    Task<int> DeleteFinishedOutboxAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/>, a retention step outside the store (deleting processed files on a folder the nodes
    /// may share), only while the lease fence of this flow (<see cref="LeaseFence.Current"/>) is current (issue 18 item
    /// 1): once <paramref name="step"/>'s lease has moved on, <see cref="StaleLeaseException"/> and the work is not run.
    /// On PostgreSQL the lease row stays locked until the work ends, so a takeover waits for it. Outside leased work
    /// the work just runs. <paramref name="step"/> says what the work does, for the refusal's message.
    /// </summary>
    Task<T> RunFencedAsync<T>(string step, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
