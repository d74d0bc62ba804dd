using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>How often a plan falls due: a whole number of running hours or of calendar days.</summary>
public sealed partial record MaintenanceInterval(MaintenanceBasis Basis, int Amount)
{
    /// <summary>The longest running-hours interval accepted: 200,000 hours is about 23 years of running around the clock.</summary>
    public const int MaxHours = 200_000;

    /// <summary>The longest calendar interval accepted: 36,500 days is about a century.</summary>
    public const int MaxDays = 36_500;

    /// <summary>One interval as a span of time (calendar plans only).</summary>
    public TimeSpan Period => Basis == MaintenanceBasis.Calendar
        ? TimeSpan.FromDays(Amount)
        : throw new InvalidOperationException("A running-hours interval is counted on the machine's counter, not on the calendar.");

    /// <summary>
    /// Reads <c>every 500 running hours</c>, <c>500 hours</c>, <c>every 90 days</c> or <c>1 day</c> (the word
    /// <c>every</c> is optional); false with a message naming what was expected otherwise.
    /// </summary>
    public static bool TryParse(string? text, out MaintenanceInterval? interval, out string error)
    {
        interval = null;
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            error = $"'{text}' is not an interval; write 'every <n> running hours' or 'every <n> days', e.g. 'every 500 running hours'.";
            return false;
        }

        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var basis = unit.StartsWith("day", StringComparison.Ordinal) ? MaintenanceBasis.Calendar : MaintenanceBasis.RunningHours;
        var max = basis == MaintenanceBasis.Calendar ? MaxDays : MaxHours;
        var number = match.Groups["n"].Value;
        if (!int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) || amount > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{text}': {number} {unit} is more than the longest interval, {max:N0} {unit}.");
            return false;
        }

        if (amount <= 0)
        {
            error = $"'{text}': the interval must be at least 1 {unit.TrimEnd('s')}.";
            return false;
        }

        interval = new MaintenanceInterval(basis, amount);
        error = string.Empty;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"every {Amount} {(Basis == MaintenanceBasis.Calendar ? "days" : "running hours")}");

    // A sign is read so that "-500 hours" is told it must be at least 1, rather than that it is not an interval.
    [GeneratedRegex(@"^\s*(?:every\s+)?(?<n>[-+]?[0-9]{1,12})\s+(?<unit>(?:running\s+)?hours?|days?)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex Pattern();
}
