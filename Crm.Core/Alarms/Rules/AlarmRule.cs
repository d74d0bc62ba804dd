using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>
/// An alarm rule: what it watches, the alarm it raises and how flapping is detected. Immutable configuration;
/// the YAML loader builds these, <see cref="AlarmEvaluator"/> runs them.
/// </summary>
public abstract record AlarmRule
{
    /// <summary>The value of <see cref="AssetId"/> or <see cref="Metric"/> that matches every asset or metric.</summary>
    public const string Any = "*";

    /// <summary>The rule's id, unique among the rules; the evaluator keeps its state under it.</summary>
    public required string Id { get; init; }

    /// <summary>The asset the rule watches, or <see cref="Any"/> for every asset (one state per asset).</summary>
    public required string AssetId { get; init; }

    /// <summary>The metric the rule watches. Only <see cref="NoDataRule"/> accepts <see cref="Any"/>.</summary>
    public required string Metric { get; init; }

    /// <summary>The alarm code raised, which with the asset is the ticket's deduplication key.</summary>
    public required string Code { get; init; }

    /// <value>The default value is <see cref="AlarmSeverity.Warning"/>.</value>
    public AlarmSeverity Severity { get; init; } = AlarmSeverity.Warning;

    /// <summary>Optional operator text in English, carried on the transitions.</summary>
    public string? TextEn { get; init; }

    /// <summary>Optional operator text in Simplified Chinese, carried on the transitions.</summary>
    public string? TextZhCn { get; init; }

    /// <summary>
    /// Flapping: when more than this many raises (raise/clear cycles) fall within <see cref="FlapWindow"/>, the
    /// alarm is marked flapping.
    /// </summary>
    /// <value>The default value is 5.</value>
    public int FlapThreshold { get; init; } = 5;

    /// <summary>The window over which raises are counted for <see cref="FlapThreshold"/>.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Whether the rule watches <paramref name="assetId"/>'s <paramref name="metric"/>.</summary>
    public bool Matches(string assetId, string metric) =>
        (AssetId == Any || string.Equals(AssetId, assetId, StringComparison.Ordinal))
        && (Metric == Any || string.Equals(Metric, metric, StringComparison.Ordinal));

    /// <summary>
    /// All configuration errors of this rule, each saying what to fix; empty when the rule is valid. Does not stop
    /// at the first error.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var name = string.IsNullOrWhiteSpace(Id) ? "(rule without id)" : Invariant($"rule '{Id}'");
        if (string.IsNullOrWhiteSpace(Id))
        {
            errors.Add("A rule has no id: set Id to a name unique among the rules.");
        }

        if (string.IsNullOrWhiteSpace(AssetId))
        {
            errors.Add(Invariant($"{name}: AssetId is empty; set an asset id, or '*' for every asset."));
        }

        if (string.IsNullOrWhiteSpace(Metric))
        {
            errors.Add(Invariant($"{name}: Metric is empty; set the metric name the rule watches."));
        }

        if (string.IsNullOrWhiteSpace(Code))
        {
            errors.Add(Invariant($"{name}: Code is empty; set the alarm code the rule raises."));
        }

        if (FlapThreshold < 1)
        {
            errors.Add(Invariant($"{name}: FlapThreshold is {FlapThreshold}; set 1 or more."));
        }

        if (FlapWindow <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"{name}: FlapWindow is {FlapWindow}; set a positive duration."));
        }

        ValidateKind(name, errors);
        return errors;
    }

    /// <summary>Adds the errors of the rule kind's own settings to <paramref name="errors"/>.</summary>
    private protected abstract void ValidateKind(string name, List<string> errors);
}
