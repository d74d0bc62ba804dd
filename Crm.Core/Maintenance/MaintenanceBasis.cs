namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>What a preventive maintenance interval is counted in.</summary>
public enum MaintenanceBasis
{
    /// <summary>Running hours, from a counter metric the machine publishes (<c>every 500 running hours</c>).</summary>
    RunningHours,

    /// <summary>Calendar days since the machine's installation (<c>every 90 days</c>).</summary>
    Calendar,
}
