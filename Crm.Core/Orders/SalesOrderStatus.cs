namespace IntegrationHub.Crm.Core.Orders;

/// <summary>The commercial status of an order as the ERP reports it.</summary>
public enum SalesOrderStatus
{
    Open,
    OnHold,
    Cancelled,
    Closed,
}
