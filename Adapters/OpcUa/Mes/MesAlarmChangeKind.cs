namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>What a condition event does to the hub's alarm.</summary>
public enum MesAlarmChangeKind
{
    /// <summary>The condition became active: the hub raises the alarm (a ticket, or an occurrence on the open one).</summary>
    Raised,

    /// <summary>The condition became inactive, or a ConditionRefresh no longer holds it: the hub clears the alarm.</summary>
    Cleared,

    /// <summary>The event cannot become an alarm (unknown source, wrong field types): a dead letter with the reason.</summary>
    Rejected,
}
