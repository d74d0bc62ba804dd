using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Customers;

/// <summary>A customer account, keyed by the ERP's customer code.</summary>
public sealed record Customer : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.Customer;

    public override string Key => Code;

    /// <summary>The ERP's customer code, for example <c>C-0042</c>.</summary>
    public required string Code { get; init; }

    public required string Name { get; init; }

    /// <value>The default value is <see cref="CustomerTier.Standard"/>.</value>
    public CustomerTier Tier { get; init; } = CustomerTier.Standard;

    public string? Region { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    /// <summary>The postal address as the source wrote it.</summary>
    public string? Address { get; init; }

    /// <summary>Free-text notes from the source (payment terms, who to call); kept as written, never parsed.</summary>
    public string? Notes { get; init; }

    /// <summary>The customer's language for notifications and the portal, as a BCP 47 tag.</summary>
    /// <value>The default value is <c>en</c>.</value>
    public string Language { get; init; } = "en";
}
