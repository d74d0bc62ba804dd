using IntegrationHub.Crm.Core.Stock;
using IntegrationHub.Hub.Host.Parts;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Spare parts (issue 24 item 3): the imported stock levels of an item, and the part requests recorded with tickets.
/// A request is recorded in a unit of work of the rules' kind (<see cref="BeginAsync"/>), so that the request, the
/// ticket's history and the outbox message to the ERP commit together.
/// </summary>
internal interface IPartRequestStore
{
    /// <summary>The stock levels of <paramref name="itemCode"/>, one per warehouse, as the ERP last reported them.</summary>
    Task<IReadOnlyList<StockLevel>> StockAsync(string itemCode, CancellationToken cancellationToken);

    /// <summary>The ticket's part requests, oldest first.</summary>
    Task<IReadOnlyList<PartRequest>> ListAsync(string ticketNo, CancellationToken cancellationToken);

    /// <summary>Begins one unit of work on a connection of its own; nothing is stored until it commits.</summary>
    Task<IPartRequestUnitOfWork> BeginAsync(CancellationToken cancellationToken);
}
