using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Part requests (issue 24 item 3), recorded in the same transaction as the ticket's history and the outbox message.
internal sealed partial class SqliteRulesUnitOfWork : IPartRequestUnitOfWork
{
    public async Task<PartRequest?> FindPartRequestAsync(string requestId, CancellationToken cancellationToken) =>
        (await PartRequestSql.FindAsync(_connection, _transaction, requestId, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<StockLevel>> StockOfItemsAsync(IReadOnlyCollection<string> itemCodes, CancellationToken cancellationToken) =>
        PartRequestSql.StockAsync(_connection, _transaction, itemCodes, cancellationToken);

    public Task<bool> AddPartRequestAsync(PartRequest request, CancellationToken cancellationToken) =>
        PartRequestSql.AddAsync(_connection, _transaction, request, cancellationToken);
}
