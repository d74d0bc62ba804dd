using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary><see cref="IPartRequestStore"/> on SQLite: reads on a pooled connection without a transaction (no writer lock).</summary>
internal sealed class SqlitePartRequestStore(IStoreConnectionFactory connections) : IPartRequestStore
{
    public async Task<IReadOnlyList<StockLevel>> StockAsync(string itemCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PartRequestSql.StockAsync(connection, null, [itemCode], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PartRequest>> ListAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await PartRequestSql.FindAsync(connection, null, null, ticketNo, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IPartRequestUnitOfWork> BeginAsync(CancellationToken cancellationToken) =>
        await SqliteRulesUnitOfWork.BeginAsync(connections, cancellationToken).ConfigureAwait(false);
}
