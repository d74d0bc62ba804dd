using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;

namespace IntegrationHub.Crm.Core.Progress;

/// <summary>
/// Computes an order's progress from what ERP, MES and WMS reported. Pure: the same snapshot and clock give the
/// same answer, so it can run on every lookup instead of being kept in sync.
/// </summary>
/// <remarks>
/// Rules, in the words a customer would use:
/// <list type="bullet">
/// <item>Received when the ERP has the order; Scheduled once a work order exists for it; In production once one
/// has started or reported good quantity.</item>
/// <item>Quality check when every work order is complete and a check is pending or failed; Ready to ship when every
/// work order is complete and every required check passed.</item>
/// <item>Partially shipped when some but not all ordered quantity left; Shipped when all of it did; Delivered when
/// all of it arrived.</item>
/// <item>A later stage implies the earlier ones: an order shipped from stock has passed production.</item>
/// <item>Cancelled (the order, or all its lines) and On hold override the current stage; the timeline stays.</item>
/// </list>
/// </remarks>
public static class OrderProgressCalculator
{
    private static readonly OrderStage[] s_sequence =
    [
        OrderStage.Received, OrderStage.Scheduled, OrderStage.InProduction, OrderStage.QualityCheck,
        OrderStage.ReadyToShip, OrderStage.PartiallyShipped, OrderStage.Shipped, OrderStage.Delivered,
    ];

    /// <summary>Computes the progress of <paramref name="snapshot"/> as of <paramref name="now"/>.</summary>
    public static OrderProgress Compute(OrderSnapshot snapshot, DateTimeOffset now, OrderProgressOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        options ??= OrderProgressOptions.Default;

        var order = snapshot.Order;
        var activeLines = snapshot.Lines.Where(l => !l.Cancelled).ToList();
        var workOrders = snapshot.WorkOrders.Where(w => w.State != WorkOrderState.Cancelled).ToList();
        var lines = ComputeLines(snapshot.Lines, workOrders, snapshot.Shipments);
        var production = ProductionFigures.From(activeLines, workOrders, lines);

        var reachedAt = new Dictionary<OrderStage, DateTimeOffset?> { [OrderStage.Received] = order.OrderDate };
        if (workOrders.Count > 0)
        {
            reachedAt[OrderStage.Scheduled] = Min(workOrders.Select(w => w.ReleasedAt ?? w.ScheduledStart));
        }

        if (workOrders.Any(HasStarted))
        {
            reachedAt[OrderStage.InProduction] = Min(workOrders.Select(w => w.StartedAt));
        }

        var qc = WorstQc(workOrders);
        if (workOrders.Count > 0 && workOrders.All(IsComplete))
        {
            var completedAt = Max(workOrders.Select(w => w.CompletedAt));
            if (qc is QcResult.Pending or QcResult.Failed)
            {
                reachedAt[OrderStage.QualityCheck] = completedAt;
            }
            else
            {
                if (qc == QcResult.Passed)
                {
                    reachedAt[OrderStage.QualityCheck] = completedAt;
                }

                reachedAt[OrderStage.ReadyToShip] = Max(workOrders.Select(w => w.QcAt).Append(completedAt));
            }
        }

        var shipped = lines.Where(l => !l.Cancelled).Sum(l => l.Shipped);
        var ordered = activeLines.Sum(l => l.Quantity);
        var fullyShipped = activeLines.Count > 0 && lines.Where(l => !l.Cancelled).All(l => l.Shipped >= l.Ordered);
        var shipments = snapshot.Shipments.Where(s => s.Quantity > 0).ToList();
        if (shipped > 0)
        {
            reachedAt[OrderStage.PartiallyShipped] = Min(shipments.Select(s => s.ShippedAt));
        }

        if (fullyShipped)
        {
            reachedAt[OrderStage.Shipped] = Max(shipments.Select(s => s.ShippedAt));
            if (shipments.Count > 0 && shipments.All(s => s.DeliveredAt is not null))
            {
                reachedAt[OrderStage.Delivered] = Max(shipments.Select(s => s.DeliveredAt));
            }
        }

        var furthest = s_sequence.Last(reachedAt.ContainsKey);

        // A later stage implies the earlier ones, except a partial shipment: part of an order can leave from
        // stock while the rest is still being made.
        var implied = reachedAt.Keys.Select(s => s == OrderStage.PartiallyShipped ? OrderStage.Received : s).Max();
        var timeline = s_sequence
            .Select(s => new StageReached(s, s <= implied || reachedAt.ContainsKey(s), reachedAt.GetValueOrDefault(s)))
            .ToList();

        var cancelled = order.Status == SalesOrderStatus.Cancelled || (snapshot.Lines.Count > 0 && activeLines.Count == 0);
        var stage = cancelled ? OrderStage.Cancelled
            : order.Status == SalesOrderStatus.OnHold ? OrderStage.OnHold
            : furthest;

        var percent = implied >= OrderStage.ReadyToShip ? 100m : production.Percent;
        var (eta, basis) = cancelled
            ? (null, EtaBasis.None)
            : EstimateArrival(order, furthest, reachedAt, shipments, production, ordered, now, options);

        return new OrderProgress
        {
            OrderNo = order.OrderNo,
            CustomerCode = order.CustomerCode,
            Stage = stage,
            Timeline = timeline,
            PercentProduced = percent,
            Qc = qc,
            PromisedDate = order.PromisedDate,
            Eta = eta,
            EtaBasis = basis,
            Lines = lines,
            Shipments = SummarizeShipments(shipments),
        };
    }

    private static List<LineProgress> ComputeLines(
        IReadOnlyList<SalesOrderLine> lines, List<WorkOrder> workOrders, IReadOnlyList<Shipment> shipments) =>
        lines
            .OrderBy(l => l.LineNo)
            .Select(l =>
            {
                var produced = workOrders.Where(w => w.LineNo == l.LineNo).Sum(w => w.QuantityDone);
                var shipped = shipments.Where(s => s.LineNo == l.LineNo).Sum(s => s.Quantity);
                return new LineProgress(
                    l.LineNo, l.ItemCode, l.Description, l.Quantity,
                    Math.Min(produced, l.Quantity), Math.Min(shipped, l.Quantity), l.Cancelled);
            })
            .ToList();

    private static (DateTimeOffset? Eta, EtaBasis Basis) EstimateArrival(
        SalesOrder order,
        OrderStage furthest,
        Dictionary<OrderStage, DateTimeOffset?> reachedAt,
        List<Shipment> shipments,
        ProductionFigures production,
        decimal ordered,
        DateTimeOffset now,
        OrderProgressOptions options)
    {
        if (furthest == OrderStage.Delivered)
        {
            return (reachedAt[OrderStage.Delivered], EtaBasis.Delivered);
        }

        if (furthest == OrderStage.Shipped)
        {
            var carrierEta = Max(shipments.Where(s => s.DeliveredAt is null).Select(s => s.Eta));
            return carrierEta is null ? Promised(order) : (carrierEta, EtaBasis.Shipment);
        }

        var forecast = production.ForecastEnd(now) + options.ShippingLeadTime;
        if (forecast is { } late && (order.PromisedDate is null || late > order.PromisedDate))
        {
            // Only a late forecast moves the date: a promise is kept even when production runs ahead.
            return (late, EtaBasis.ProductionRate);
        }

        // Part of the order is on its way: the rest cannot arrive before the carrier's ETA either.
        var partialEta = ordered > 0 ? Max(shipments.Select(s => s.Eta)) : null;
        if (partialEta is { } p && (order.PromisedDate is null || p > order.PromisedDate))
        {
            return (p, EtaBasis.Shipment);
        }

        return Promised(order);
    }

    private static (DateTimeOffset?, EtaBasis) Promised(SalesOrder order) =>
        order.PromisedDate is null ? (null, EtaBasis.None) : (order.PromisedDate, EtaBasis.Promised);

    private static List<ShipmentInfo> SummarizeShipments(List<Shipment> shipments) =>
        shipments
            .GroupBy(s => s.ShipmentNo, StringComparer.Ordinal)
            .Select(g => new ShipmentInfo(
                g.Key,
                g.Select(s => s.Carrier).FirstOrDefault(c => c is not null),
                g.Select(s => s.TrackingNo).FirstOrDefault(t => t is not null),
                Min(g.Select(s => s.ShippedAt)),
                Max(g.Select(s => s.Eta)),
                g.All(s => s.DeliveredAt is not null) ? Max(g.Select(s => s.DeliveredAt)) : null))
            .OrderBy(s => s.ShippedAt ?? DateTimeOffset.MaxValue)
            .ToList();

    private static bool HasStarted(WorkOrder w) =>
        w.StartedAt is not null || w.QuantityDone > 0 || w.State is WorkOrderState.Running or WorkOrderState.Paused or WorkOrderState.Completed;

    private static bool IsComplete(WorkOrder w) => w.State == WorkOrderState.Completed || w.QuantityDone >= w.QuantityPlanned;

    private static QcResult? WorstQc(List<WorkOrder> workOrders)
    {
        var required = workOrders.Where(w => w.QcResult != QcResult.NotRequired).Select(w => w.QcResult).ToList();
        if (required.Count == 0)
        {
            return null;
        }

        return required.Contains(QcResult.Failed) ? QcResult.Failed
            : required.Contains(QcResult.Pending) ? QcResult.Pending
            : QcResult.Passed;
    }

    private static DateTimeOffset? Min(IEnumerable<DateTimeOffset?> values) => values.Where(v => v.HasValue).Min();

    private static DateTimeOffset? Max(IEnumerable<DateTimeOffset?> values) => values.Where(v => v.HasValue).Max();
}
