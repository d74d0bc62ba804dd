namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>The outcome of an alarm lifecycle step: the alarm after it, or why it was refused.</summary>
public sealed record AlarmLifecycleResult
{
    /// <summary>The alarm after the step, or unchanged when the step was refused.</summary>
    public required Alarm Alarm { get; init; }

    /// <summary>Why the step was refused; null when it succeeded.</summary>
    public AlarmLifecycleError? Error { get; init; }

    /// <summary>What happened or why not, in English, for the alarm's history or the API's error.</summary>
    public required string Message { get; init; }

    /// <summary>Whether the step was applied.</summary>
    public bool Succeeded => Error is null;
}
