namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// One milestone of one order, found in the order's stored state. <see cref="Reference"/> tells milestones of one kind
/// apart: the shipment number for <see cref="MilestoneKind.Shipped"/> and <see cref="MilestoneKind.Delivered"/>, the
/// promised date (<c>yyyy-MM-dd</c>, site time) for <see cref="MilestoneKind.Late"/>. (order, kind, reference) is
/// recorded once, and only its first detection tells anybody.
/// </summary>
internal sealed record Milestone
{
    public required MilestoneKind Kind { get; init; }

    public required string OrderNo { get; init; }

    public required string CustomerCode { get; init; }

    public required string Reference { get; init; }

    public string? CustomerReference { get; init; }

    public string? ShipmentNo { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNo { get; init; }

    public DateTimeOffset? ShippedAt { get; init; }

    public DateTimeOffset? Eta { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public DateTimeOffset? PromisedDate { get; init; }
}
