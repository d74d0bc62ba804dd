using IntegrationHub.Adapters.Abstractions.Scheduling;

namespace IntegrationHub.Hub.Host.Modules;

/// <summary>
/// The check of a polled source's timing, shared by the database and REST pollers (issue 21 item 4): an Interval or a
/// Schedule (with its ScheduleTimeZone), never both; a schedule that parses, names a known zone and fires at all.
/// </summary>
internal static class PollTimingCheck
{
    /// <summary>Adds to <paramref name="errors"/> every problem of the source at <paramref name="at"/> (<c>Hub:Sql:Sources:0</c>).</summary>
    public static void Check(List<string> errors, string at, TimeSpan? interval, string? schedule, string? zone, TimeProvider time)
    {
        var intervalPath = $"{at}:Interval";
        var schedulePath = $"{at}:Schedule";
        var zonePath = $"{at}:ScheduleTimeZone";
        if (interval is { } every && !string.IsNullOrEmpty(schedule))
        {
            errors.Add($"{intervalPath} ({every}) and {schedulePath} are both set. Keep one: Interval polls again that long after each poll, Schedule at the times it names (for example '0 2 * * *', 02:00 every day).");
        }

        if (interval is { } pause && pause <= TimeSpan.Zero)
        {
            errors.Add($"{intervalPath} is {pause}. Use a pause above 0, for example 00:00:10, or set a Schedule instead.");
        }

        if (!string.IsNullOrEmpty(schedule))
        {
            CronSchedule.TryCreate(schedule, zone, schedulePath, zonePath, time.GetUtcNow(), errors);
        }
        else if (!string.IsNullOrEmpty(zone))
        {
            errors.Add($"{zonePath} is '{Adapters.Abstractions.LogText.Escape(zone)}' but {schedulePath} is not set; the zone is only read with a schedule. Set a Schedule or remove the zone.");
        }
    }
}
