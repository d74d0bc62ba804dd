using IntegrationHub.Crm.Core.Production;

namespace IntegrationHub.Crm.Core.Progress;

/// <summary>Where an order stands, computed from the order, its lines, work orders and shipments.</summary>
public sealed record OrderProgress
{
    public required string OrderNo { get; init; }

    public required string CustomerCode { get; init; }

    /// <summary>The current stage: the furthest stage reached, or <see cref="OrderStage.OnHold"/>/<see cref="OrderStage.Cancelled"/>.</summary>
    public required OrderStage Stage { get; init; }

    /// <summary>The stages from Received to Delivered, in order.</summary>
    public required IReadOnlyList<StageReached> Timeline { get; init; }

    /// <summary>Produced over planned, 0 to 100, across all lines and work orders.</summary>
    public required decimal PercentProduced { get; init; }

    /// <summary>The worst quality-check result of the order's work orders, if any needs one.</summary>
    public QcResult? Qc { get; init; }

    public DateTimeOffset? PromisedDate { get; init; }

    public DateTimeOffset? Eta { get; init; }

    public required EtaBasis EtaBasis { get; init; }

    public required IReadOnlyList<LineProgress> Lines { get; init; }

    public required IReadOnlyList<ShipmentInfo> Shipments { get; init; }
}
