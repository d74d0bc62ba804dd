using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>
/// What the desk's decision writes, in one transaction: the change as decided, and for an approval the customer-master
/// record and the ERP's outbox message; or a conflict, and nothing written.
/// </summary>
internal sealed record ProfileDecision
{
    public ProfileChange? Decided { get; init; }

    public CanonicalEntity? Write { get; init; }

    public OutboxMessage? Message { get; init; }

    public string? Conflict { get; init; }
}
