using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Customers;

/// <summary>A person at a customer, keyed by the source's contact id.</summary>
public sealed record Contact : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.Contact;

    public override string Key => ContactId;

    public required string ContactId { get; init; }

    public required string CustomerCode { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? Role { get; init; }

    /// <summary>
    /// When the customer's removal of this contact on the portal was approved (issue 23 item 3); the record is kept,
    /// marked, so that the ERP and a CRM hear of the removal through the same paths as of any change.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; init; }
}
