namespace IntegrationHub.Crm.Core.Alarms;

/// <summary>An alarm raised or cleared by <see cref="AlarmEvaluator"/>, with the reason for the ticket's history.</summary>
public sealed record AlarmTransition
{
    public required AlarmTransitionKind Kind { get; init; }

    /// <summary>The rule that decided it.</summary>
    public required string RuleId { get; init; }

    public required string AssetId { get; init; }

    /// <summary>The metric watched; <c>*</c> for a no-data rule over all of an asset's metrics.</summary>
    public required string Metric { get; init; }

    /// <summary>The alarm code; with <see cref="AssetId"/> the ticket's deduplication key.</summary>
    public required string Code { get; init; }

    public required AlarmSeverity Severity { get; init; }

    /// <summary>
    /// When the transition took effect: the reading's time, or the moment a debounce, clear delay or silence ran
    /// out (which can be before the tick that noticed it).
    /// </summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The value that decided it, when a value did.</summary>
    public double? Value { get; init; }

    /// <summary>Why, in English, for the alarm's and the ticket's history.</summary>
    public required string Reason { get; init; }

    /// <summary>The operator text in English, from the rule or the code table.</summary>
    public string? TextEn { get; init; }

    /// <summary>The operator text in Simplified Chinese, from the rule or the code table.</summary>
    public string? TextZhCn { get; init; }

    /// <summary>
    /// True when the alarm raised more often than the rule's flap threshold within its window: the host adds an
    /// occurrence to the open ticket and does not notify again.
    /// </summary>
    public bool IsFlapping { get; init; }
}
