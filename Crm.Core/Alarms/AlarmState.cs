namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>The lifecycle of an alarm.</summary>
public enum AlarmState
{
    Active,
    Acknowledged,
    Cleared,
}
