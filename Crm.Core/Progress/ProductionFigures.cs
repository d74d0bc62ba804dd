using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;

namespace IntegrationHub.Crm.Core.Progress;

/// <summary>Planned and produced quantities of an order, and the production forecast they allow.</summary>
internal readonly record struct ProductionFigures(
    decimal Planned, decimal Done, decimal WorkOrderPlanned, decimal WorkOrderDone, DateTimeOffset? FirstStart)
{
    /// <summary>Produced over planned, 0 to 100, one decimal.</summary>
    public decimal Percent => Planned <= 0 ? 0m : Math.Round(Math.Min(Done, Planned) * 100m / Planned, 1);

    /// <summary>
    /// Counts every work order, and every active line that no work order produces (served from stock), which
    /// counts as produced once shipped.
    /// </summary>
    public static ProductionFigures From(
        IReadOnlyList<SalesOrderLine> activeLines, IReadOnlyList<WorkOrder> workOrders, IReadOnlyList<LineProgress> lines)
    {
        var woPlanned = workOrders.Sum(w => w.QuantityPlanned);
        var woDone = workOrders.Sum(w => Math.Min(w.QuantityDone, w.QuantityPlanned));
        var planned = woPlanned;
        var done = woDone;

        // A work order without a line number produces for the whole order: then no line is served from stock.
        if (workOrders.All(w => w.LineNo is not null))
        {
            var producedLines = workOrders.Select(w => w.LineNo!.Value).ToHashSet();
            foreach (var line in activeLines.Where(l => !producedLines.Contains(l.LineNo)))
            {
                planned += line.Quantity;
                done += lines.First(p => p.LineNo == line.LineNo).Shipped;
            }
        }

        var firstStart = workOrders.Where(w => w.StartedAt is not null).Select(w => w.StartedAt).Min();
        return new ProductionFigures(planned, done, woPlanned, woDone, firstStart);
    }

    /// <summary>
    /// When production will end at the rate observed since it started, or null when no rate can be observed yet
    /// or production is complete.
    /// </summary>
    public DateTimeOffset? ForecastEnd(DateTimeOffset now)
    {
        if (FirstStart is not { } start || WorkOrderDone <= 0 || WorkOrderDone >= WorkOrderPlanned || now <= start)
        {
            return null;
        }

        var perHour = (double)WorkOrderDone / (now - start).TotalHours;
        var hoursLeft = (double)(WorkOrderPlanned - WorkOrderDone) / perHour;
        return now + TimeSpan.FromHours(Math.Min(hoursLeft, TimeSpan.MaxValue.TotalHours / 2));
    }
}
