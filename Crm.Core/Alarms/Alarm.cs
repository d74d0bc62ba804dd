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

    public DateTimeOffset? ClearedAt { get; init; }

    public string? Text { get; init; }
}
