namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>
/// The evaluator's memory of one rule on one asset, in plain values so the host can store it (as JSON, or columns)
/// and hand it back after a restart: pending timers then resume where they were.
/// </summary>
/// <remarks>Times are the readings' timestamps, or the tick times given to the evaluator.</remarks>
public sealed record AlarmRuleState
{
    public required string RuleId { get; init; }

    public required string AssetId { get; init; }

    /// <summary>Whether the alarm is raised.</summary>
    public bool Active { get; init; }

    /// <summary>The code raised, while <see cref="Active"/>.</summary>
    public string? ActiveCode { get; init; }

    /// <summary>The severity raised, while <see cref="Active"/>.</summary>
    public AlarmSeverity? ActiveSeverity { get; init; }

    /// <summary>When the alarm was raised, while <see cref="Active"/>.</summary>
    public DateTimeOffset? ActiveSince { get; init; }

    /// <summary>Since when the raise condition has held without the debounce having run out.</summary>
    public DateTimeOffset? PendingRaiseSince { get; init; }

    /// <summary>Since when the clear condition has held without the clear delay having run out.</summary>
    public DateTimeOffset? PendingClearSince { get; init; }

    /// <summary>The newest finite value seen.</summary>
    public double? LastValue { get; init; }

    /// <summary>The newest reading's timestamp; older or equal readings are ignored as replays.</summary>
    public DateTimeOffset? LastReadingAt { get; init; }

    /// <summary>The readings inside a rate-of-change rule's window, oldest first.</summary>
    public IReadOnlyList<TimedValue> Samples { get; init; } = [];

    /// <summary>The times of the raises inside the rule's flap window, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> RecentRaises { get; init; } = [];

    /// <summary>Whether the alarm is flapping (more raises in the flap window than the rule allows).</summary>
    public bool Flapping { get; init; }
}
