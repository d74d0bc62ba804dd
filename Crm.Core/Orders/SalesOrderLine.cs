using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Orders;

/// <summary>One line of a sales order, keyed by order number and line number.</summary>
public sealed record SalesOrderLine : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.SalesOrderLine;

    public override string Key => KeyParts.Join(OrderNo, LineNo);

    public required string OrderNo { get; init; }

    public required int LineNo { get; init; }

    public required string ItemCode { get; init; }

    public string? Description { get; init; }

    public required decimal Quantity { get; init; }

    public string? Unit { get; init; }

    public decimal? UnitPrice { get; init; }

    /// <summary>True when the line was cancelled in the ERP; it then counts for no stage.</summary>
    public bool Cancelled { get; init; }
}
