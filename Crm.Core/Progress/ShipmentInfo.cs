namespace IntegrationHub.Crm.Core.Progress;

/// <summary>A shipment of the order as the customer sees it: one per shipment number.</summary>
public sealed record ShipmentInfo(
    string ShipmentNo,
    string? Carrier,
    string? TrackingNo,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? Eta,
    DateTimeOffset? DeliveredAt);
