namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>How serious an alarm is; with the customer's tier it decides a ticket's priority.</summary>
public enum AlarmSeverity
{
    Info,
    Warning,
    Major,
    Critical,
}
