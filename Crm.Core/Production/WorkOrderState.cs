namespace IntegrationHub.Crm.Core.Production;

/// <summary>The state of a work order on the shop floor.</summary>
public enum WorkOrderState
{
    Planned,
    Released,
    Running,
    Paused,
    Completed,
    Cancelled,
}
