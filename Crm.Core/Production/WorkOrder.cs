using IntegrationHub.Crm.Core.Changes;

namespace IntegrationHub.Crm.Core.Production;

/// <summary>A production work order from the MES or ERP, with its progress.</summary>
public sealed record WorkOrder : CanonicalEntity
{
    public override EntityKind Kind => EntityKind.WorkOrder;

    public override string Key => WorkOrderNo;

    public required string WorkOrderNo { get; init; }

    /// <summary>The sales order this work order produces for; null for make-to-stock orders.</summary>
    public string? OrderNo { get; init; }

    /// <summary>The sales order line it produces for, when the MES knows it.</summary>
    public int? LineNo { get; init; }

    public string? ItemCode { get; init; }

    public required decimal QuantityPlanned { get; init; }

    public decimal QuantityDone { get; init; }

    public decimal QuantityScrap { get; init; }

    /// <value>The default value is <see cref="WorkOrderState.Planned"/>.</value>
    public WorkOrderState State { get; init; } = WorkOrderState.Planned;

    /// <value>The default value is <see cref="QcResult.NotRequired"/>.</value>
    public QcResult QcResult { get; init; } = QcResult.NotRequired;

    /// <summary>When the work order was released to the shop floor (the order is then scheduled).</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    public DateTimeOffset? ScheduledStart { get; init; }

    public DateTimeOffset? ScheduledEnd { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When the quality check gave its result.</summary>
    public DateTimeOffset? QcAt { get; init; }

    /// <summary>The machine running it, when the MES says.</summary>
    public string? MachineId { get; init; }
}
