using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary><see cref="IPartRequestStore"/> on PostgreSQL: reads on a pooled connection, units of work as the rules'.</summary>
internal sealed class PostgreSqlPartRequestStore(PostgreSqlConnections connections) : IPartRequestStore
{
    public async Task<IReadOnlyList<StockLevel>> StockAsync(string itemCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PartRequestPgSql.StockAsync(connection, null, [itemCode], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PartRequest>> ListAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await PartRequestPgSql.FindAsync(connection, null, null, ticketNo, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IPartRequestUnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
        await PostgreSqlRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
}
