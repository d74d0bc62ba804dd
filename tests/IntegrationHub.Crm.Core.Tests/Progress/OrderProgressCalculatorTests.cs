using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Progress;

namespace IntegrationHub.Crm.Core.Tests.Progress;

public class OrderProgressCalculatorTests
{
    private static readonly DateTimeOffset Day1 = OrderBuilder.OrderDate.AddDays(1);

    [Fact]
    public void Compute_NewOrder_IsReceivedAtOrderDateWithPromisedEta()
    {
        var progress = new OrderBuilder().Line(1, 10).Compute();

        Assert.Equal(OrderStage.Received, progress.Stage);
        Assert.Equal(OrderBuilder.OrderDate, progress.Timeline[0].ReachedAt);
        Assert.All(progress.Timeline.Skip(1), s => Assert.False(s.Reached));
        Assert.Equal(0m, progress.PercentProduced);
        Assert.Equal(OrderBuilder.Promised, progress.Eta);
        Assert.Equal(EtaBasis.Promised, progress.EtaBasis);
    }

    [Fact]
    public void Compute_ReleasedWorkOrder_IsScheduledAtRelease()
    {
        var progress = new OrderBuilder().Line(1, 10).WorkOrder("WO-1", 1, 10).Compute();

        Assert.Equal(OrderStage.Scheduled, progress.Stage);
        Assert.Equal(Day1, Stage(progress, OrderStage.Scheduled).ReachedAt);
    }

    [Fact]
    public void Compute_SeveralLinesAndWorkOrders_PercentIsDoneOverPlannedAcrossAll()
    {
        // Line 1: two work orders, 30 of 40 and 10 of 20 done; line 2: 0 of 40 done. 40 of 100 = 40 %.
        var progress = new OrderBuilder()
            .Line(1, 60).Line(2, 40)
            .WorkOrder("WO-1", 1, 40, w => w with { QuantityDone = 30, StartedAt = Day1, State = WorkOrderState.Running })
            .WorkOrder("WO-2", 1, 20, w => w with { QuantityDone = 10, StartedAt = Day1.AddDays(1) })
            .WorkOrder("WO-3", 2, 40)
            .Compute();

        Assert.Equal(OrderStage.InProduction, progress.Stage);
        Assert.Equal(40m, progress.PercentProduced);
        Assert.Equal(Day1, Stage(progress, OrderStage.InProduction).ReachedAt);
        Assert.Equal(40m, progress.Lines[0].Produced);
        Assert.Equal(0m, progress.Lines[1].Produced);
    }

    [Fact]
    public void Compute_OverproductionAndScrap_PercentNeverExceeds100()
    {
        var progress = new OrderBuilder().Line(1, 10)
            .WorkOrder("WO-1", 1, 10, w => w with { QuantityDone = 12, QuantityScrap = 3, StartedAt = Day1 })
            .Compute();

        Assert.Equal(100m, progress.PercentProduced);
        Assert.Equal(10m, progress.Lines[0].Produced);
    }

    [Fact]
    public void Compute_LineServedFromStock_CountsAsProducedOnceShipped()
    {
        // Line 1 is made (50 of 100 done), line 2 (100) comes from stock and is not shipped yet: 50 of 200.
        var builder = new OrderBuilder().Line(1, 100).Line(2, 100)
            .WorkOrder("WO-1", 1, 100, w => w with { QuantityDone = 50, StartedAt = Day1 });
        Assert.Equal(25m, builder.Compute().PercentProduced);

        var shipped = builder.Shipment("SH-1", 2, 100, Day1.AddDays(2)).Compute();
        Assert.Equal(75m, shipped.PercentProduced);
        Assert.Equal(OrderStage.PartiallyShipped, shipped.Stage);
        Assert.False(Stage(shipped, OrderStage.ReadyToShip).Reached);
        Assert.True(Stage(shipped, OrderStage.InProduction).Reached);
    }

    [Fact]
    public void Compute_CompleteWithPendingQc_IsInQualityCheck()
    {
        var completed = Day1.AddDays(3);
        var progress = new OrderBuilder().Line(1, 10)
            .WorkOrder("WO-1", 1, 10, w => w with
            {
                QuantityDone = 10, StartedAt = Day1, CompletedAt = completed, State = WorkOrderState.Completed, QcResult = QcResult.Pending,
            })
            .Compute();

        Assert.Equal(OrderStage.QualityCheck, progress.Stage);
        Assert.Equal(completed, Stage(progress, OrderStage.QualityCheck).ReachedAt);
        Assert.Equal(QcResult.Pending, progress.Qc);
        Assert.Equal(100m, progress.PercentProduced);
    }

    [Fact]
    public void Compute_OneQcFailed_StaysInQualityCheckWithWorstResult()
    {
        var progress = new OrderBuilder().Line(1, 10).Line(2, 10)
            .WorkOrder("WO-1", 1, 10, w => w with { QuantityDone = 10, State = WorkOrderState.Completed, QcResult = QcResult.Passed })
            .WorkOrder("WO-2", 2, 10, w => w with { QuantityDone = 10, State = WorkOrderState.Completed, QcResult = QcResult.Failed })
            .Compute();

        Assert.Equal(OrderStage.QualityCheck, progress.Stage);
        Assert.Equal(QcResult.Failed, progress.Qc);
    }

    [Fact]
    public void Compute_QcPassed_IsReadyToShipAtQcTime()
    {
        var qcAt = Day1.AddDays(4);
        var progress = new OrderBuilder().Line(1, 10)
            .WorkOrder("WO-1", 1, 10, w => w with
            {
                QuantityDone = 10, State = WorkOrderState.Completed, CompletedAt = Day1.AddDays(3), QcResult = QcResult.Passed, QcAt = qcAt,
            })
            .Compute();

        Assert.Equal(OrderStage.ReadyToShip, progress.Stage);
        Assert.Equal(qcAt, Stage(progress, OrderStage.ReadyToShip).ReachedAt);
        Assert.True(Stage(progress, OrderStage.QualityCheck).Reached);
    }

    [Fact]
    public void Compute_PartialThenFullShipment_MovesToShippedWithCarrierEta()
    {
        var shipped1 = Day1.AddDays(5);
        var shipped2 = Day1.AddDays(8);
        var eta2 = Day1.AddDays(10);
        var builder = new OrderBuilder().Line(1, 10).Line(2, 5)
            .WorkOrder("WO-1", null, 15, w => w with { QuantityDone = 15, State = WorkOrderState.Completed })
            .Shipment("SH-1", 1, 6, shipped1, eta: Day1.AddDays(7));

        var partial = builder.Compute();
        Assert.Equal(OrderStage.PartiallyShipped, partial.Stage);
        Assert.Equal(shipped1, Stage(partial, OrderStage.PartiallyShipped).ReachedAt);
        Assert.Equal(6m, partial.Lines[0].Shipped);

        var full = builder.Shipment("SH-2", 1, 4, shipped2, eta2).Shipment("SH-2", 2, 5, shipped2, eta2).Compute(shipped2);
        Assert.Equal(OrderStage.Shipped, full.Stage);
        Assert.Equal(shipped2, Stage(full, OrderStage.Shipped).ReachedAt);
        Assert.Equal(eta2, full.Eta);
        Assert.Equal(EtaBasis.Shipment, full.EtaBasis);
        Assert.Equal(["SH-1", "SH-2"], full.Shipments.Select(s => s.ShipmentNo));
    }

    [Fact]
    public void Compute_AllShipmentsDelivered_IsDeliveredAtLastDelivery()
    {
        var delivered = Day1.AddDays(12);
        var progress = new OrderBuilder().Line(1, 10)
            .Shipment("SH-1", 1, 4, Day1.AddDays(5), deliveredAt: Day1.AddDays(7))
            .Shipment("SH-2", 1, 6, Day1.AddDays(9), deliveredAt: delivered)
            .Compute();

        Assert.Equal(OrderStage.Delivered, progress.Stage);
        Assert.Equal(delivered, progress.Eta);
        Assert.Equal(EtaBasis.Delivered, progress.EtaBasis);
        Assert.All(progress.Timeline, s => Assert.True(s.Reached));
        Assert.Null(Stage(progress, OrderStage.InProduction).ReachedAt);
    }

    [Fact]
    public void Compute_CancelledLineIgnored_RestFullyShippedIsShipped()
    {
        var progress = new OrderBuilder().Line(1, 10).Line(2, 10, cancelled: true)
            .Shipment("SH-1", 1, 10, Day1.AddDays(3))
            .Compute();

        Assert.Equal(OrderStage.Shipped, progress.Stage);
        Assert.True(progress.Lines[1].Cancelled);
    }

    [Fact]
    public void Compute_AllLinesCancelled_IsCancelledWithoutEta()
    {
        var progress = new OrderBuilder().Line(1, 10, cancelled: true).Compute();

        Assert.Equal(OrderStage.Cancelled, progress.Stage);
        Assert.Null(progress.Eta);
        Assert.Equal(EtaBasis.None, progress.EtaBasis);
    }

    [Fact]
    public void Compute_OrderCancelledInProduction_IsCancelledButKeepsTimeline()
    {
        var progress = new OrderBuilder().Status(SalesOrderStatus.Cancelled).Line(1, 10)
            .WorkOrder("WO-1", 1, 10, w => w with { QuantityDone = 2, StartedAt = Day1 })
            .Compute();

        Assert.Equal(OrderStage.Cancelled, progress.Stage);
        Assert.True(Stage(progress, OrderStage.InProduction).Reached);
    }

    [Fact]
    public void Compute_OrderOnHold_ShowsOnHold()
    {
        var progress = new OrderBuilder().Status(SalesOrderStatus.OnHold).Line(1, 10).WorkOrder("WO-1", 1, 10).Compute();

        Assert.Equal(OrderStage.OnHold, progress.Stage);
        Assert.True(Stage(progress, OrderStage.Scheduled).Reached);
    }

    [Fact]
    public void Compute_SlowProduction_MovesEtaPastPromise()
    {
        // 10 of 100 done in 10 days: 90 more take 90 days; plus the 2-day shipping lead time.
        var start = OrderBuilder.OrderDate;
        var now = start.AddDays(10);
        var progress = new OrderBuilder().Line(1, 100)
            .WorkOrder("WO-1", 1, 100, w => w with { QuantityDone = 10, StartedAt = start, State = WorkOrderState.Running })
            .Compute(now);

        Assert.Equal(EtaBasis.ProductionRate, progress.EtaBasis);
        Assert.Equal(now.AddDays(92), progress.Eta);
    }

    [Fact]
    public void Compute_FastProduction_KeepsPromisedDate()
    {
        var start = OrderBuilder.OrderDate;
        var progress = new OrderBuilder().Line(1, 100)
            .WorkOrder("WO-1", 1, 100, w => w with { QuantityDone = 90, StartedAt = start })
            .Compute(start.AddDays(2));

        Assert.Equal(EtaBasis.Promised, progress.EtaBasis);
        Assert.Equal(OrderBuilder.Promised, progress.Eta);
    }

    [Fact]
    public void Compute_NoPromiseAndRunningProduction_EtaIsForecast()
    {
        var start = OrderBuilder.OrderDate;
        var progress = new OrderBuilder().NoPromise().Line(1, 10)
            .WorkOrder("WO-1", 1, 10, w => w with { QuantityDone = 5, StartedAt = start })
            .Compute(start.AddDays(1));

        Assert.Equal(EtaBasis.ProductionRate, progress.EtaBasis);
        Assert.Equal(start.AddDays(4), progress.Eta);
    }

    [Fact]
    public void Compute_NoPromiseNoProduction_HasNoEta()
    {
        var progress = new OrderBuilder().NoPromise().Line(1, 10).Compute();

        Assert.Null(progress.Eta);
        Assert.Equal(EtaBasis.None, progress.EtaBasis);
    }

    [Fact]
    public void Compute_CancelledWorkOrder_DoesNotCountOrBlockCompletion()
    {
        var progress = new OrderBuilder().Line(1, 10)
            .WorkOrder("WO-1", 1, 10, w => w with { QuantityDone = 10, State = WorkOrderState.Completed })
            .WorkOrder("WO-2", 1, 10, w => w with { State = WorkOrderState.Cancelled })
            .Compute();

        Assert.Equal(OrderStage.ReadyToShip, progress.Stage);
        Assert.Equal(100m, progress.PercentProduced);
    }

    private static StageReached Stage(OrderProgress progress, OrderStage stage) =>
        progress.Timeline.Single(s => s.Stage == stage);
}
