using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;

namespace IntegrationHub.Crm.Core.Progress;

/// <summary>Everything known about one order, as the store holds it.</summary>
public sealed record OrderSnapshot(
    SalesOrder Order,
    IReadOnlyList<SalesOrderLine> Lines,
    IReadOnlyList<WorkOrder> WorkOrders,
    IReadOnlyList<Shipment> Shipments);
