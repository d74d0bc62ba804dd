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

    /// <summary>
    /// The e-mail address of the account's sales owner, who is told of the customer's order milestones (shipped,
    /// delivered, late) beside the customer (issue 23 item 2); none means nobody in sales is told.
    /// </summary>
    public string? SalesOwnerEmail { get; init; }

    /// <summary>
    /// The name of the hub's notification channel (a key of <c>Hub:Notifications:Channels</c>, a chat-robot kind) that
    /// posts to this customer's own chat group, offered in the portal as an alternative to mail for order milestones
    /// (issue 23 item 2). A name, never the robot's address: the address and its access token stay in the settings.
    /// </summary>
    public string? ChatRobot { get; init; }

    /// <summary>
    /// The customer's own free-text "plans" note (expansions, shutdowns, what they expect to order), kept by the customer
    /// on the portal and approved by the desk (issue 23 item 3); an ERP import does not carry it and does not wipe it.
    /// </summary>
    public string? Plans { get; init; }

    /// <summary>
    /// The delivery addresses the customer keeps on the portal (issue 23 item 3), each changed only after the desk
    /// approved; none until the customer adds one. An ERP import does not carry them and does not wipe them.
    /// </summary>
    [NotFromSources("the customer keeps them on the portal and the desk approves each change")]
    public IReadOnlyList<DeliveryAddress>? DeliveryAddresses { get; init; }
}
