using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Customers.SelfService;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Customers' own data (issue 23 item 3): the changes they propose on the portal, and the desk's decisions. An approval
/// writes the customer-master record through the entities' upsert (so the CRM change feed and its webhooks see it), the
/// decision and the ERP's outbox message in one transaction, while the change is still pending: a replayed approval
/// finds it decided and writes nothing.
/// </summary>
internal interface ICustomerChangeStore
{
    /// <summary>The customer's contacts (removed ones included), by id.</summary>
    Task<IReadOnlyList<Contact>> ContactsAsync(string customerCode, CancellationToken cancellationToken);

    /// <summary>The contact with this id, of whichever customer, or null.</summary>
    Task<Contact?> ContactAsync(string contactId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a pending change unless the customer has <paramref name="maxPending"/> pending already (counted in the
    /// same transaction, so that parallel proposals cannot pass the limit together); false, and nothing recorded, then.
    /// </summary>
    Task<bool> ProposeAsync(ProfileChange change, int maxPending, CancellationToken cancellationToken);

    /// <summary>The changes, newest first: of one customer or all, of one status or all, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<ProfileChange>> ListAsync(string? customerCode, string? status, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Decides a pending change in one transaction: reads it and the records it touches (the customer, and the contact of
    /// a contact change) as they are now, asks <paramref name="decide"/> what to write, and writes it. A change that is
    /// unknown or decided already is answered as such, and nothing is written.
    /// </summary>
    Task<ProfileDecisionOutcome> DecideAsync(
        string changeId, Func<ProfileChange, Customer?, Contact?, ProfileDecision> decide, CancellationToken cancellationToken);
}
