namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary><see cref="IRulesStore"/> on SQLite: each unit of work is a transaction on a pooled connection of its own.</summary>
internal sealed class SqliteRulesStore(IStoreConnectionFactory connections, ChangeFanOut? changes = null) : IRulesStore
{
    public async Task<IRulesUnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
        await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken, changes).ConfigureAwait(false);
}
