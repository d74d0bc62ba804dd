namespace IntegrationHub.Crm.Core.Customers;

/// <summary>
/// One of a customer's delivery addresses (issue 23 item 3), kept with the customer as the portal's self-service pages
/// maintain them; the ERP is told through its import folder and a CRM through the change feed.
/// </summary>
public sealed record DeliveryAddress
{
    /// <summary>The address's id within its customer, for example <c>A1</c>; made by the hub when the customer adds it.</summary>
    public required string Id { get; init; }

    /// <summary>A short name the customer gives it, for example "Plant 2, gate B".</summary>
    public string? Label { get; init; }

    /// <summary>Who receives deliveries there.</summary>
    public string? Recipient { get; init; }

    /// <summary>The recipient's phone, normalised by the clean-up rules.</summary>
    public string? Phone { get; init; }

    /// <summary>The postal address as the customer wrote it (spaces tidied).</summary>
    public required string Address { get; init; }
}
