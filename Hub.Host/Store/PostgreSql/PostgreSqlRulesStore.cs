namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary><see cref="IRulesStore"/> on PostgreSQL: each unit of work is one transaction on a pooled connection of its own.</summary>
internal sealed class PostgreSqlRulesStore(PostgreSqlConnections connections) : IRulesStore
{
    public async Task<IRulesUnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
        await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
}
