using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Orders;

/// <summary>A sales order header, keyed by the ERP's order number.</summary>
public sealed record SalesOrder : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.SalesOrder;

    public override string Key => OrderNo;

    /// <summary>The ERP's order number, for example <c>SO-2025-1022-087</c>.</summary>
    public required string OrderNo { get; init; }

    public required string CustomerCode { get; init; }

    public required DateTimeOffset OrderDate { get; init; }

    /// <summary>The delivery date the ERP promised the customer, if any.</summary>
    public DateTimeOffset? PromisedDate { get; init; }

    /// <value>The default value is <see cref="SalesOrderStatus.Open"/>.</value>
    public SalesOrderStatus Status { get; init; } = SalesOrderStatus.Open;

    public string? CustomerReference { get; init; }

    public string? Currency { get; init; }

    public decimal? TotalAmount { get; init; }
}
