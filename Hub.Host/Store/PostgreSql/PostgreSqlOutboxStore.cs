using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IOutboxStore"/> on PostgreSQL. Each call is a short transaction of its own, run with the statements of
/// <see cref="PostgreSqlRulesUnitOfWork"/> (PostgreSqlRulesUnitOfWork.Outbox.cs), so the outbox's SQL lives in one place.
/// </summary>
internal sealed class PostgreSqlOutboxStore(PostgreSqlConnections connections) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, DateTimeOffset? dueBy, int take, CancellationToken cancellationToken)
    {
        await using var read = await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        return await read.OutboxAsync(status, dueBy, take, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordAsync(
        string id, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt, CancellationToken cancellationToken)
    {
        await using var write = await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        await write.UpdateOutboxAsync(id, status, attempts, nextAttemptAt, lastError, sentAt, cancellationToken).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken)
    {
        await using var write = await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        var replayed = await write.ReplayDeadAsync(id, at, note, cancellationToken).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return replayed;
    }

    public async Task<long> SentToCustomerSinceAsync(string customerCode, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var read = await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        return await read.SentToCustomerSinceAsync(customerCode, since, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var read = await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        return await read.OutboxCountsAsync(cancellationToken).ConfigureAwait(false);
    }
}
