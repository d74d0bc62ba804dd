using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Stock;

/// <summary>The stock of one item in one warehouse.</summary>
public sealed record StockLevel : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.StockLevel;

    public override string Key => KeyParts.Join(ItemCode, Warehouse);

    public required string ItemCode { get; init; }

    public required string Warehouse { get; init; }

    public required decimal OnHand { get; init; }

    public decimal Reserved { get; init; }

    public string? Unit { get; init; }
}
