namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.22.2: what change of a value is reported.</summary>
public enum DataChangeTrigger
{
    /// <summary>Only status changes.</summary>
    Status = 0,
    /// <summary>Status or value changes (the default).</summary>
    StatusValue = 1,
    /// <summary>Status, value or source timestamp changes.</summary>
    StatusValueTimestamp = 2,
}
