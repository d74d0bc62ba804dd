using static System.FormattableString;

namespace IntegrationHub.Crm.Core.Alarms.Rules;

/// <summary>
/// Raises when an asset (or one metric of it) has sent nothing for <see cref="Silence"/>, and clears on the next
/// reading.
/// </summary>
/// <remarks>
/// Silence is measured from the newest reading's timestamp to the time given to
/// <see cref="AlarmEvaluator.OnTick(DateTimeOffset)"/>, so the alarm is raised on the first tick at or after
/// last reading + <see cref="Silence"/>, stamped with exactly that time. With <see cref="AlarmRule.AssetId"/>
/// <c>*</c>, an asset is watched from its first reading on. Readings of any quality count as data.
/// </remarks>
public sealed record NoDataRule : AlarmRule
{
    /// <summary>How long the asset may be silent before the alarm is raised.</summary>
    public required TimeSpan Silence { get; init; }

    private protected override void ValidateKind(string name, List<string> errors)
    {
        if (Silence <= TimeSpan.Zero)
        {
            errors.Add(Invariant($"{name}: Silence is {Silence}; set a positive duration, for example 00:10:00."));
        }
    }
}
