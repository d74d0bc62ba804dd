using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Shipping;

/// <summary>
/// One line of a WMS shipment: a quantity of one order line that left the warehouse. A shipment of several
/// order lines is several records with the same <see cref="ShipmentNo"/>.
/// </summary>
public sealed record Shipment : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.Shipment;

    public override string Key => KeyParts.Join(ShipmentNo, KeyParts.Join(OrderNo, LineNo));

    public required string ShipmentNo { get; init; }

    public required string OrderNo { get; init; }

    public required int LineNo { get; init; }

    public required decimal Quantity { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNo { get; init; }

    public DateTimeOffset? ShippedAt { get; init; }

    /// <summary>The carrier's estimated time of arrival.</summary>
    public DateTimeOffset? Eta { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}
