using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>
/// Raises when a value changes by more than <see cref="MaxChange"/> within <see cref="Window"/>, and clears on the
/// first reading whose change over the window is within the limit again.
/// </summary>
/// <remarks>
/// The change is the newest reading minus the oldest reading inside the window (timestamps newer than the newest
/// reading minus the window, or equal to it). A jump across a gap longer than the window has no baseline inside the
/// window and does not raise: it is the threshold rule's job to judge absolute values.
/// </remarks>
public sealed record RateOfChangeRule : AlarmRule
{
    /// <summary>The largest change allowed within <see cref="Window"/>; raises strictly above it.</summary>
    public required double MaxChange { get; init; }

    /// <summary>The window over which the change is measured.</summary>
    public required TimeSpan Window { get; init; }

    /// <value>The default value is <see cref="RateDirection.Either"/>.</value>
    public RateDirection Direction { get; init; } = RateDirection.Either;

    internal bool Exceeds(double change) => Direction switch
    {
        RateDirection.Rising => change > MaxChange,
        RateDirection.Falling => -change > MaxChange,
        _ => Math.Abs(change) > MaxChange,
    };

    private protected override void ValidateKind(string name, List<string> errors)
    {
        if (Metric == Any)
        {
            errors.Add(Invariant($"{name}: a rate-of-change rule needs one metric, not '*'."));
        }

        if (!(MaxChange > 0) || double.IsInfinity(MaxChange))
        {
            errors.Add(Invariant($"{name}: MaxChange is {MaxChange}; set a positive finite number."));
        }

        if (Window <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"{name}: Window is {Window}; set a positive duration, for example 00:01:00."));
        }
    }
}
