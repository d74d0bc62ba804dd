using System.Globalization;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;

namespace IntegrationHub.Hub.Host.Milestones;

/// <summary>
/// Finds the milestones an order has reached, from its stored state alone (never from the change that woke the
/// detection), so that a re-import, a replay or a change seen twice finds the same milestones again and the record of
/// those already told (<c>order_milestones</c>) decides that nobody is told twice.
/// </summary>
/// <remarks>
/// Shipped and delivered are per shipment number: a shipment of several order lines is one milestone, and a second
/// partial shipment with its own tracking number is a new one. Late compares calendar days in the site's time zone
/// (<c>Hub:Notifications:TimeZone</c>), since the ERP's promised date and most WMS ETAs are dates without a time: an
/// order is late when a shipment not yet delivered has an ETA on a later day than the promised date. It is keyed by the
/// promised date, so an ETA that moves past, back and past again tells once; a new promised date that is missed again
/// tells again.
/// </remarks>
internal static class MilestoneDetector
{
    public static IReadOnlyList<Milestone> Detect(OrderSnapshot snapshot, TimeZoneInfo zone)
    {
        var order = snapshot.Order;
        var found = new List<Milestone>();
        // A cancelled order's shipments are the WMS's business; nobody is told of them.
        if (order.Status == SalesOrderStatus.Cancelled)
        {
            return found;
        }

        foreach (var shipment in snapshot.Shipments.GroupBy(s => s.ShipmentNo, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var lines = shipment.OrderBy(s => s.LineNo).ToList();
            var tracked = lines.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s.Carrier) && !string.IsNullOrWhiteSpace(s.TrackingNo));
            if (tracked is not null)
            {
                found.Add(Of(MilestoneKind.Shipped, order, shipment.Key, tracked));
            }

            var delivered = lines.Where(s => s.DeliveredAt is not null).MaxBy(s => s.DeliveredAt);
            if (delivered is not null)
            {
                found.Add(Of(MilestoneKind.Delivered, order, shipment.Key, delivered));
            }
        }

        if (order.PromisedDate is { } promised)
        {
            var promisedDay = Day(promised, zone);
            var late = snapshot.Shipments
                .Where(s => s.DeliveredAt is null && s.Eta is { } eta && Day(eta, zone) > promisedDay)
                .MaxBy(s => s.Eta);
            if (late is not null)
            {
                found.Add(Of(MilestoneKind.Late, order, promisedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), late));
            }
        }

        return found;
    }

    private static Milestone Of(MilestoneKind kind, SalesOrder order, string reference, Shipment shipment) => new()
    {
        Kind = kind,
        OrderNo = order.OrderNo,
        CustomerCode = order.CustomerCode,
        Reference = reference,
        CustomerReference = order.CustomerReference,
        ShipmentNo = shipment.ShipmentNo,
        Carrier = shipment.Carrier,
        TrackingNo = shipment.TrackingNo,
        ShippedAt = shipment.ShippedAt,
        Eta = shipment.Eta,
        DeliveredAt = shipment.DeliveredAt,
        PromisedDate = order.PromisedDate,
    };

    private static DateOnly Day(DateTimeOffset time, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, zone).DateTime);
}
