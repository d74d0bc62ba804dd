namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IRecordRetentionStore"/> on PostgreSQL (issue 17 item 6): LIMITed deletes by primary key through the indexes of
/// schema version 2, one short statement (its own transaction) per batch, as SQLite does by rowid. Run by the leased
/// retention work, each batch checks its fencing token in its transaction (issue 18 item 1).
/// </summary>
internal sealed class PostgreSqlRecordRetentionStore(PostgreSqlConnections connections) : IRecordRetentionStore
{
    public async Task<T> RunFencedAsync<T>(string step, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (LeaseFence.Current is null)
        {
            return await work(cancellationToken).ConfigureAwait(false);
        }

        // The fence first (the work cannot be rolled back), held (FOR SHARE) until the work is done: a node taking the
        // lease over waits for this batch, and this node's next batch then sees the new token.
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgreSqlLeaseStore.CheckFenceAsync(connection, step, cancellationToken).ConfigureAwait(false);
        var result = await work(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<int> DeleteDeadLettersAsync(DateTimeOffset replayedBefore, DateTimeOffset waitingBefore, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Each half names its partial index's condition, so that the planner can use it.
        await using var command = Pg.Command(connection, """
            DELETE FROM dead_letters WHERE id IN (
                (SELECT id FROM dead_letters WHERE replayed_at IS NOT NULL AND replayed_at < $1)
                UNION ALL
                (SELECT id FROM dead_letters WHERE replayed_at IS NULL AND created_at < $2)
                LIMIT $3)
            """, Pg.Micros(replayedBefore), Pg.Micros(waitingBefore), Pg.Integer(batchSize));
        return await PostgreSqlLeaseStore.FencedAsync(
            connection, "retention's dead-letter delete", () => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> DeleteFinishedOutboxAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A suppressed message has no sent_at; its next_attempt_at is when it was suppressed (OutboxDispatcher).
        await using var command = Pg.Command(connection, """
            DELETE FROM outbox WHERE id IN (
                (SELECT id FROM outbox WHERE status = 'Sent' AND sent_at < $1)
                UNION ALL
                (SELECT id FROM outbox WHERE status = 'Suppressed' AND next_attempt_at < $1)
                LIMIT $2)
            """, Pg.Micros(before), Pg.Integer(batchSize));
        return await PostgreSqlLeaseStore.FencedAsync(
            connection, "retention's outbox delete", () => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
