using System.Globalization;
using Cronos;

namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>
/// A five-field cron expression (minute, hour, day of month, month, day of week) read in a time zone: "read the ERP at
/// 02:00" is <c>0 2 * * *</c> in <c>Asia/Shanghai</c>. Occurrences come from Cronos, which follows the zone's daylight
/// saving rules as Vixie cron does: a time the clock skips (02:30 on a spring-forward night) runs at the end of the gap,
/// a fixed time the clock repeats (02:30 on a fall-back night) runs once, at its first instance, and an interval
/// (<c>*/15</c> in the minute or hour field) runs in both instances.
/// </summary>
public sealed class CronSchedule
{
    /// <summary>The longest expression accepted; real schedules are a few dozen characters.</summary>
    public const int MaxExpressionLength = 100;

    /// <summary>The longest time zone id accepted (the longest IANA and Windows ids are about 32 characters).</summary>
    public const int MaxZoneIdLength = 64;

    private readonly CronExpression _cron;

    private CronSchedule(string expression, CronExpression cron, TimeZoneInfo zone)
    {
        Expression = expression;
        _cron = cron;
        Zone = zone;
    }

    /// <summary>The expression as configured.</summary>
    public string Expression { get; }

    /// <summary>The zone its times are read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The first occurrence strictly after <paramref name="instant"/>; null when there is none (before the year 2500).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) => _cron.GetNextOccurrence(instant, Zone);

    public override string ToString() => $"'{Expression}' in {Zone.Id}";

    /// <summary>
    /// Reads a schedule from settings: <paramref name="expression"/> at <paramref name="expressionPath"/>, its zone
    /// <paramref name="zoneId"/> (empty: the machine's zone) at <paramref name="zonePath"/>. Expected failures are values:
    /// null, with every problem added to <paramref name="errors"/>, each naming the setting, what was found and the fix.
    /// A schedule with no occurrence after <paramref name="now"/> (<c>0 2 31 2 *</c>, the 31st of February) is refused.
    /// </summary>
    public static CronSchedule? TryCreate(
        string expression, string? zoneId, string expressionPath, string zonePath, DateTimeOffset now, List<string> errors)
    {
        var zone = FindZone(zoneId, zonePath, errors);
        var cron = Parse(expression, expressionPath, errors);
        if (cron is null)
        {
            return null;
        }

        // Whether it fires at all does not depend on the zone: checked in UTC when the zone was refused, so that both
        // problems are reported at once.
        var schedule = new CronSchedule(expression, cron, zone ?? TimeZoneInfo.Utc);
        if (schedule.NextAfter(now) is null)
        {
            errors.Add($"{expressionPath} '{expression}' never fires: no date matches it (is it a day a month does not have, such as the 31st of February?). Check the day-of-month and month fields.");
            return null;
        }

        return zone is null ? null : schedule;
    }

    /// <summary>
    /// The zone named <paramref name="id"/>: an IANA id (<c>Asia/Shanghai</c>) or a Windows id (<c>China Standard
    /// Time</c>), which .NET converts to the other kind where the system has only one (through ICU on Linux); empty is
    /// the machine's own zone. Null, with a problem in <paramref name="errors"/>, when it is not a zone id or no zone.
    /// </summary>
    public static TimeZoneInfo? FindZone(string? id, string path, List<string> errors)
    {
        if (string.IsNullOrEmpty(id))
        {
            return TimeZoneInfo.Local;
        }

        // Checked before the lookup: on Linux the id becomes a file name under /usr/share/zoneinfo, and a value such as
        // ../../etc/passwd must never be read as one, whatever the runtime itself checks.
        if (id.Length > MaxZoneIdLength || !IsZoneIdText(id))
        {
            var shown = id.Length > MaxZoneIdLength ? LogText.Escape(id[..MaxZoneIdLength]) + "..." : LogText.Escape(id);
            errors.Add($"{path} '{shown}' is not a time zone id: use an IANA id such as Asia/Shanghai or Europe/Berlin (letters, digits, '/', '_', '-', '+'; at most {MaxZoneIdLength} characters), or leave it empty for the machine's zone.");
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        errors.Add($"{path} '{id}' is not a time zone this machine knows. Use an IANA id such as Asia/Shanghai (the tz database's names; on Linux the tzdata package), or a Windows id such as China Standard Time.");
        return null;
    }

    private static CronExpression? Parse(string expression, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            errors.Add($"{path} is blank. Set a cron expression of five fields, for example '0 2 * * *' (02:00 every day), or remove it and set an Interval.");
            return null;
        }

        if (expression.Length > MaxExpressionLength)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path} is {expression.Length} characters long ('{LogText.Escape(expression[..20])}...'); a cron expression has five short fields and at most {MaxExpressionLength} characters, for example '0 2 * * *'."));
            return null;
        }

        if (expression.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            errors.Add($"{path} '{LogText.Escape(expression)}' holds a control character. Write the five fields separated by spaces, for example '0 2 * * *'.");
            return null;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6 && !expression.TrimStart().StartsWith('@'))
        {
            // A decision (issue 21 item 4): schedules say at what time of day a poll runs; a poll every few seconds is what
            // Interval is for, and a seconds field read as minutes would run 60 times more often than meant.
            errors.Add($"{path} '{expression}' has six fields: the hub's schedules have five (minute hour day-of-month month day-of-week) and no seconds field. For polls more often than once a minute, set Interval instead (for example 00:00:10).");
            return null;
        }

        if (fields.Length != 5 && !expression.TrimStart().StartsWith('@'))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"{path} '{expression}' has {fields.Length} fields; a cron expression has five: minute hour day-of-month month day-of-week, for example '0 2 * * *' (02:00 every day) or '30 7 * * MON' (Mondays at 07:30)."));
            return null;
        }

        try
        {
            return CronExpression.Parse(expression, CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            errors.Add($"{path} '{expression}' is not a valid cron expression: {ex.Message} Use five fields, minute hour day-of-month month day-of-week, for example '0 2 * * *'.");
            return null;
        }
    }

    private static bool IsZoneIdText(string id) =>
        id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+' or '.' or ' ')
        && !id.StartsWith('/') && !id.StartsWith('.') && !id.Contains("..", StringComparison.Ordinal)
        && !id.Contains("//", StringComparison.Ordinal) && id.Trim().Length == id.Length;
}
