using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Hub.Host.Milestones;

namespace IntegrationHub.Hub.Host.Tests.Milestones;

/// <summary>What counts as shipped, delivered and late (issue 23 item 2), from an order's stored state alone.</summary>
public sealed class MilestoneDetectorTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan Plus8 = TimeSpan.FromHours(8);

    [Fact]
    public void Detect_ShipmentWithoutCarrierOrTracking_IsNotShipped_OneWithBothIsOncePerShipmentNumber()
    {
        var found = MilestoneDetector.Detect(Order(null,
            Line("SH-1", 1, "DHL", null), Line("SH-2", 1, "DHL", "JD1"), Line("SH-2", 2, "DHL", "JD1"), Line("SH-3", 1, " ", "JD3")), Shanghai);

        var shipped = Assert.Single(found);
        Assert.Equal((MilestoneKind.Shipped, "SH-2", "JD1"), (shipped.Kind, shipped.Reference, shipped.TrackingNo));
    }

    [Fact]
    public void Detect_DeliveredShipment_IsDeliveredAndNeverLate()
    {
        var found = MilestoneDetector.Detect(Order(Day(2025, 10, 31),
            Line("SH-1", 1, null, null) with { Eta = Day(2025, 11, 5), DeliveredAt = Day(2025, 11, 5).AddHours(10) }), Shanghai);

        var delivered = Assert.Single(found);
        Assert.Equal((MilestoneKind.Delivered, "SH-1"), (delivered.Kind, delivered.Reference));
    }

    [Fact]
    public void Detect_EtaOnThePromisedDayIsNotLate_TheDayAfterIs_KeyedByThePromisedDay()
    {
        Assert.Empty(MilestoneDetector.Detect(Order(Day(2025, 10, 31), Line("SH-1", 1, null, null) with { Eta = Day(2025, 10, 31).AddHours(23) }), Shanghai));

        var late = Assert.Single(MilestoneDetector.Detect(Order(Day(2025, 10, 31), Line("SH-1", 1, null, null) with { Eta = Day(2025, 11, 1) }), Shanghai));

        Assert.Equal((MilestoneKind.Late, "2025-10-31"), (late.Kind, late.Reference));
    }

    [Fact]
    public void Detect_DaysAreTheSitesDays_NotUtcs()
    {
        // Promised 2025-10-31 (midnight in Shanghai, still 10-30 in UTC); the ETA 10-31 10:00 in Shanghai is on time there,
        // while UTC's calendar would call it a day late.
        var promised = Day(2025, 10, 31);
        var eta = new DateTimeOffset(2025, 10, 31, 10, 0, 0, Plus8);

        Assert.Empty(MilestoneDetector.Detect(Order(promised, Line("SH-1", 1, null, null) with { Eta = eta }), Shanghai));
        Assert.Single(MilestoneDetector.Detect(Order(promised, Line("SH-1", 1, null, null) with { Eta = eta }), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Detect_CancelledOrder_HasNoMilestones()
    {
        var snapshot = Order(Day(2025, 10, 31), Line("SH-1", 1, "DHL", "JD1") with { Eta = Day(2025, 11, 9), DeliveredAt = Day(2025, 11, 9) });

        Assert.Empty(MilestoneDetector.Detect(snapshot with { Order = snapshot.Order with { Status = SalesOrderStatus.Cancelled } }, Shanghai));
    }

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, Plus8);

    private static Shipment Line(string shipmentNo, int lineNo, string? carrier, string? tracking) =>
        new() { ShipmentNo = shipmentNo, OrderNo = "SO-1", LineNo = lineNo, Quantity = 1, Carrier = carrier, TrackingNo = tracking };

    private static OrderSnapshot Order(DateTimeOffset? promised, params Shipment[] shipments) => new(
        new SalesOrder { OrderNo = "SO-1", CustomerCode = "C1", OrderDate = Day(2025, 10, 1), PromisedDate = promised },
        [], [], shipments);
}
