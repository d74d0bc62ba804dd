namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>A change of an alarm condition for the hub: raise or clear the alarm of a machine and code, or a rejected event.</summary>
public sealed record MesAlarmChange
{
    /// <summary>What happens.</summary>
    public required MesAlarmChangeKind Kind { get; init; }

    /// <summary>The hub's asset id of the machine (empty for a rejected event).</summary>
    public string AssetId { get; init; } = string.Empty;

    /// <summary>The alarm code: the condition's name (ConditionName).</summary>
    public string Code { get; init; } = string.Empty;

    /// <summary>The condition's severity, 1-1000.</summary>
    public ushort Severity { get; init; }

    /// <summary>When the change happened at the source (the event's Time).</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The server's message, control characters escaped and bounded.</summary>
    public string? Message { get; init; }

    /// <summary>Why, in English, for the ticket's history or the dead letter.</summary>
    public required string Reason { get; init; }

    /// <summary>Where it came from (endpoint, source and condition name), as a dead letter's or a history entry's reference.</summary>
    public required string Reference { get; init; }

    /// <summary>
    /// For a rejected condition event, the identity of what it reported (the condition and its state): the same event
    /// resent by a ConditionRefresh has the same key, so the hub keeps one dead letter of it. Null when the event could
    /// not be read.
    /// </summary>
    public string? ContentKey { get; init; }
}
