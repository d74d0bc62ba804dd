using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="IRecordRetentionStore"/> on SQLite: LIMITed deletes through the indexes of migration 13, one short
/// statement (its own transaction) per batch; run by the leased retention work, a batch checks its fencing token in
/// that transaction (issue 18 item 1).
/// </summary>
internal sealed class SqliteRecordRetentionStore(IStoreConnectionFactory connections) : IRecordRetentionStore
{
    public async Task<T> RunFencedAsync<T>(string step, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (LeaseFence.Current is not null)
        {
            // A check before the work, not a transaction around it: SQLite keeps the store to one node (its process
            // lock), and a write transaction held through file deletes would hold up ingest.
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await SqliteLeaseStore.CheckFenceAsync(connection, null, step, cancellationToken).ConfigureAwait(false);
        }

        return await work(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteDeadLettersAsync(DateTimeOffset replayedBefore, DateTimeOffset waitingBefore, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteLeaseStore.FencedAsync(connection, "retention's dead-letter delete", async transaction =>
        {
            // Each half names its partial index's condition, so that SQLite can use it.
            await using var command = Command(connection, transaction, """
                DELETE FROM dead_letters WHERE rowid IN (
                    SELECT rowid FROM dead_letters WHERE replayed_at IS NOT NULL AND replayed_at < @replayed
                    UNION ALL
                    SELECT rowid FROM dead_letters WHERE replayed_at IS NULL AND created_at < @waiting
                    LIMIT @n)
                """);
            Add(command, "@replayed", Micros(replayedBefore));
            Add(command, "@waiting", Micros(waitingBefore));
            Add(command, "@n", batchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteFinishedOutboxAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteLeaseStore.FencedAsync(connection, "retention's outbox delete", async transaction =>
        {
            // A suppressed message has no sent_at; its next_attempt_at is when it was suppressed (OutboxDispatcher).
            await using var command = Command(connection, transaction, """
                DELETE FROM outbox WHERE rowid IN (
                    SELECT rowid FROM outbox WHERE status = 'Sent' AND sent_at < @before
                    UNION ALL
                    SELECT rowid FROM outbox WHERE status = 'Suppressed' AND next_attempt_at < @before
                    LIMIT @n)
                """);
            Add(command, "@before", Micros(before));
            Add(command, "@n", batchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }
}
