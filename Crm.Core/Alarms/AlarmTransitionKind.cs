namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>What happened to an alarm.</summary>
public enum AlarmTransitionKind
{
    /// <summary>The alarm condition started (after any debounce).</summary>
    Raised,

    /// <summary>The alarm condition ended (after any clear delay).</summary>
    Cleared,
}
