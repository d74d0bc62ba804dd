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
}
