namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>Why an alarm lifecycle step was refused.</summary>
public enum AlarmLifecycleError
{
    /// <summary>The alarm was already acknowledged.</summary>
    AlreadyAcknowledged,

    /// <summary>The alarm was already cleared; a cleared alarm cannot change.</summary>
    AlreadyCleared,

    /// <summary>The step is dated before an earlier step of the alarm.</summary>
    TimeBeforePreviousStep,

    /// <summary>An acknowledgement without the user who made it.</summary>
    MissingUser,
}
