using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Part requests (issue 24 item 3), recorded in the same transaction as the ticket's history and the outbox message.
internal sealed partial class PostgreSqlRulesUnitOfWork : IPartRequestUnitOfWork
{
    public async Task<PartRequest?> FindPartRequestAsync(string requestId, CancellationToken cancellationToken) =>
        (await PartRequestPgSql.FindAsync(_connection, _transaction, requestId, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<StockLevel>> StockOfItemsAsync(IReadOnlyCollection<string> itemCodes, CancellationToken cancellationToken) =>
        PartRequestPgSql.StockAsync(_connection, _transaction, itemCodes, cancellationToken);

    public Task<bool> AddPartRequestAsync(PartRequest request, CancellationToken cancellationToken) =>
        PartRequestPgSql.AddAsync(_connection, _transaction, request, cancellationToken);
}
