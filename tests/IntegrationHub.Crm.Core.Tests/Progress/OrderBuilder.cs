using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;

namespace IntegrationHub.Crm.Core.Tests.Progress;

/// <summary>Builds order snapshots for tests: an order of 2025-10-01, promised for 2025-10-31.</summary>
internal sealed class OrderBuilder
{
    public static readonly DateTimeOffset OrderDate = new(2025, 10, 1, 9, 0, 0, TimeSpan.FromHours(8));
    public static readonly DateTimeOffset Promised = new(2025, 10, 31, 0, 0, 0, TimeSpan.FromHours(8));

    private SalesOrder _order = new()
    {
        OrderNo = "SO-2025-1001-001", CustomerCode = "C001", OrderDate = OrderDate, PromisedDate = Promised,
    };

    private readonly List<SalesOrderLine> _lines = [];
    private readonly List<WorkOrder> _workOrders = [];
    private readonly List<Shipment> _shipments = [];

    public OrderBuilder Status(SalesOrderStatus status)
    {
        _order = _order with { Status = status };
        return this;
    }

    public OrderBuilder NoPromise()
    {
        _order = _order with { PromisedDate = null };
        return this;
    }

    public OrderBuilder Line(int lineNo, decimal quantity, bool cancelled = false)
    {
        _lines.Add(new SalesOrderLine
        {
            OrderNo = _order.OrderNo, LineNo = lineNo, ItemCode = $"ITEM-{lineNo}", Quantity = quantity, Cancelled = cancelled,
        });
        return this;
    }

    public OrderBuilder WorkOrder(string no, int? lineNo, decimal planned, Func<WorkOrder, WorkOrder>? change = null)
    {
        var wo = new WorkOrder
        {
            WorkOrderNo = no, OrderNo = _order.OrderNo, LineNo = lineNo, QuantityPlanned = planned,
            ReleasedAt = OrderDate.AddDays(1),
        };
        _workOrders.Add(change is null ? wo : change(wo));
        return this;
    }

    public OrderBuilder Shipment(string no, int lineNo, decimal quantity, DateTimeOffset shippedAt, DateTimeOffset? eta = null, DateTimeOffset? deliveredAt = null)
    {
        _shipments.Add(new Shipment
        {
            ShipmentNo = no, OrderNo = _order.OrderNo, LineNo = lineNo, Quantity = quantity, Carrier = "SF Express",
            TrackingNo = "SF" + no, ShippedAt = shippedAt, Eta = eta, DeliveredAt = deliveredAt,
        });
        return this;
    }

    public OrderSnapshot Build() => new(_order, _lines, _workOrders, _shipments);

    public OrderProgress Compute(DateTimeOffset? now = null) =>
        OrderProgressCalculator.Compute(Build(), now ?? OrderDate.AddDays(10));
}
