using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>
/// Raises when a value stays beyond a limit for <see cref="RaiseDelay"/>, and clears when it stays back inside the
/// deadband for <see cref="ClearDelay"/>.
/// </summary>
/// <remarks>
/// A high rule with limit 90 and deadband 5 raises above 90 and clears at 85 or below, so a value wandering between
/// 86 and 91 does not chatter. A value that falls back to the limit or below before <see cref="RaiseDelay"/> resets
/// the debounce; one that rises above the clear level before <see cref="ClearDelay"/> resets the clear delay.
/// </remarks>
public sealed record ThresholdRule : AlarmRule
{
    /// <value>The default value is <see cref="ThresholdDirection.High"/>.</value>
    public ThresholdDirection Direction { get; init; } = ThresholdDirection.High;

    /// <summary>The limit: raises strictly beyond it.</summary>
    public required double Limit { get; init; }

    /// <summary>How far back inside the limit the value must come to clear.</summary>
    /// <value>The default value is 0 (clears at the limit).</value>
    public double Deadband { get; init; }

    /// <summary>How long the value must stay beyond the limit before the alarm is raised (debounce).</summary>
    /// <value>The default value is zero (raise on the first reading beyond the limit).</value>
    public TimeSpan RaiseDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How long the value must stay at the clear level before the alarm clears.</summary>
    /// <value>The default value is zero (clear on the first reading back inside the deadband).</value>
    public TimeSpan ClearDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The level at which an active alarm may clear: the limit moved inward by the deadband.</summary>
    public double ClearLevel => Direction == ThresholdDirection.High ? Limit - Deadband : Limit + Deadband;

    internal bool IsBeyondLimit(double value) => Direction == ThresholdDirection.High ? value > Limit : value < Limit;

    internal bool IsAtClearLevel(double value) =>
        Direction == ThresholdDirection.High ? value <= ClearLevel : value >= ClearLevel;

    private protected override void ValidateKind(string name, List<string> errors)
    {
        if (Metric == Any)
        {
            errors.Add(Invariant($"{name}: a threshold rule needs one metric, not '*'."));
        }

        if (double.IsNaN(Limit) || double.IsInfinity(Limit))
        {
            errors.Add(Invariant($"{name}: Limit is {Limit}; set a finite number."));
        }

        if (Deadband < 0 || double.IsNaN(Deadband) || double.IsInfinity(Deadband))
        {
            errors.Add(Invariant($"{name}: Deadband is {Deadband}; set zero or a positive finite number."));
        }

        if (RaiseDelay < TimeSpan.Zero || ClearDelay < TimeSpan.Zero)
        {
            errors.Add(Invariant($"{name}: RaiseDelay and ClearDelay must not be negative."));
        }
    }
}
