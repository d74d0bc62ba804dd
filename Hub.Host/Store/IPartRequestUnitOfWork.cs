using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>A rules unit of work that also records part requests (issue 24 item 3).</summary>
internal interface IPartRequestUnitOfWork : IRulesUnitOfWork
{
    /// <summary>The request the client sent with <paramref name="requestId"/>, or null when there is none.</summary>
    Task<PartRequest?> FindPartRequestAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>The stock levels of these items, in one query.</summary>
    Task<IReadOnlyList<StockLevel>> StockOfItemsAsync(IReadOnlyCollection<string> itemCodes, CancellationToken cancellationToken);

    /// <summary>
    /// Records the request and its lines; false, and nothing recorded, when a request with its request id is recorded
    /// already (a resend racing the first: the caller answers with the first one).
    /// </summary>
    Task<bool> AddPartRequestAsync(PartRequest request, CancellationToken cancellationToken);
}
