namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>An equipment alarm and where it is in its lifecycle.</summary>
public sealed record Alarm
{
    public required string AssetId { get; init; }

    /// <summary>The alarm code, from the rule that raised it or the device's own code table.</summary>
    public required string Code { get; init; }

    public required AlarmSeverity Severity { get; init; }

    public AlarmState State { get; init; } = AlarmState.Active;

    public required DateTimeOffset RaisedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Who acknowledged the alarm, as the desk user's id.</summary>
    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? ClearedAt { get; init; }

    public string? Text { get; init; }

    /// <summary>The rule that raised the alarm, when a rule did.</summary>
    public string? RuleId { get; init; }

    /// <summary>Whether the alarm was flapping when last raised.</summary>
    public bool Flapping { get; init; }
}
