namespace IntegrationHub.Crm.Core.Changes;

/// <summary>The kinds of canonical entities. Names are stored; do not rename a member.</summary>
public enum EntityKind
{
    Customer,
    Contact,
    SalesOrder,
    SalesOrderLine,
    StockLevel,
    WorkOrder,
    Shipment,
    InstalledEquipment,
    AssetMetric,
    MachineAlarm,
}
