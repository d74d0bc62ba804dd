using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="IOutboxStore"/> on SQLite. Each call is a short transaction of its own, run with the statements of
/// <see cref="SqliteRulesUnitOfWork"/> (SqliteRulesUnitOfWork.Outbox.cs), so the outbox's SQL lives in one place.
/// </summary>
internal sealed class SqliteOutboxStore(IStoreConnectionFactory connections) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, DateTimeOffset? dueBy, int take, CancellationToken cancellationToken)
    {
        await using var read = await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        return await read.OutboxAsync(status, dueBy, take, cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutboxClaimResult> ClaimAsync(OutboxClaimRequest request, CancellationToken cancellationToken)
    {
        await using var write = await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        return await OutboxClaiming.ClaimAsync(write, request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RecordAsync(
        string id, string? claimToken, OutboxStatus status, int attempts, DateTimeOffset nextAttemptAt, string? lastError, DateTimeOffset? sentAt,
        CancellationToken cancellationToken)
    {
        await using var write = await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        var recorded = await write.UpdateOutboxAsync(id, claimToken, status, attempts, nextAttemptAt, lastError, sentAt, cancellationToken).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    public async Task<bool> ReplayDeadAsync(string id, DateTimeOffset at, string note, CancellationToken cancellationToken)
    {
        await using var write = await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        var replayed = await write.ReplayDeadAsync(id, at, note, cancellationToken).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return replayed;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var read = await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
        return await read.OutboxCountsAsync(cancellationToken).ConfigureAwait(false);
    }
}
