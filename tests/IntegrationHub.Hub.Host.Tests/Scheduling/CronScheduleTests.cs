using IntegrationHub.Adapters.Abstractions.Scheduling;

namespace IntegrationHub.Hub.Host.Tests.Scheduling;

/// <summary>
/// Issue 21 item 4: cron schedules read in a time zone, across daylight saving changes, and the expressions and zones
/// refused at start, each with its setting path, the value and what is wrong.
/// </summary>
public sealed class CronScheduleTests
{
    private const string At = "Hub:Sql:Sources:0:Schedule";
    private const string ZoneAt = "Hub:Sql:Sources:0:ScheduleTimeZone";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-03-10T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static CronSchedule Create(string expression, string? zone)
    {
        var errors = new List<string>();
        var schedule = CronSchedule.TryCreate(expression, zone, At, ZoneAt, Now, errors);
        Assert.True(schedule is not null, string.Join(" | ", errors));
        return schedule!;
    }

    private static string RefusedWith(string expression, string? zone = "Asia/Shanghai")
    {
        var errors = new List<string>();
        Assert.Null(CronSchedule.TryCreate(expression, zone, At, ZoneAt, Now, errors));
        return Assert.Single(errors);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void NextAfter_0200InShanghai_IsTwoOClockThereEveryDay()
    {
        var schedule = Create("0 2 * * *", "Asia/Shanghai");

        // 2026-03-10 08:00 in Shanghai (UTC+8): the next 02:00 there is the 11th's, 18:00 UTC on the 10th.
        Assert.Equal(Utc("2026-03-10T18:00:00Z"), schedule.NextAfter(Now));
        Assert.Equal(Utc("2026-03-11T18:00:00Z"), schedule.NextAfter(Utc("2026-03-10T18:00:00Z")));
    }

    [Fact]
    public void NextAfter_0230OnTheNightTheClockSkipsIt_RunsOnceAtTheEndOfTheGap()
    {
        // Europe/Berlin, 2026-03-29: at 02:00 CET the clock jumps to 03:00 CEST; 02:30 does not exist that night.
        var schedule = Create("30 2 * * *", "Europe/Berlin");

        var skipped = schedule.NextAfter(Utc("2026-03-28T12:00:00Z"));

        Assert.Equal(Utc("2026-03-29T01:00:00Z"), skipped); // 03:00 CEST, the first instant after the gap
        Assert.Equal(TimeSpan.FromHours(2), TimeZoneInfo.ConvertTime(skipped!.Value, schedule.Zone).Offset);
        Assert.Equal(Utc("2026-03-30T00:30:00Z"), schedule.NextAfter(skipped.Value)); // then 02:30 CEST again
    }

    [Fact]
    public void NextAfter_0230OnTheNightTheClockRepeatsIt_RunsOnceAtTheFirst()
    {
        // Europe/Berlin, 2026-10-25: at 03:00 CEST the clock goes back to 02:00 CET; 02:30 happens twice.
        var schedule = Create("30 2 * * *", "Europe/Berlin");

        var first = schedule.NextAfter(Utc("2026-10-24T12:00:00Z"));

        Assert.Equal(Utc("2026-10-25T00:30:00Z"), first); // 02:30 CEST
        Assert.Equal(Utc("2026-10-26T01:30:00Z"), schedule.NextAfter(first!.Value)); // not 01:30 UTC, the second 02:30
    }

    [Fact]
    public void NextAfter_EveryHalfHourInTheRepeatedHour_RunsInBothInstances()
    {
        var schedule = Create("*/30 2 * * *", "Europe/Berlin");
        var occurrences = new List<DateTimeOffset>();
        var at = Utc("2026-10-24T23:00:00Z");
        while (schedule.NextAfter(at) is { } next && next < Utc("2026-10-25T03:00:00Z"))
        {
            occurrences.Add(next);
            at = next;
        }

        Assert.Equal(
            [Utc("2026-10-25T00:00:00Z"), Utc("2026-10-25T00:30:00Z"), Utc("2026-10-25T01:00:00Z"), Utc("2026-10-25T01:30:00Z")],
            occurrences);
    }

    [Fact]
    public void FindZone_EmptyIsTheMachinesZone_WindowsIdIsConverted()
    {
        var errors = new List<string>();

        Assert.Same(TimeZoneInfo.Local, CronSchedule.FindZone(null, ZoneAt, errors));
        Assert.Same(TimeZoneInfo.Local, CronSchedule.FindZone("", ZoneAt, errors));
        // A Windows id on Linux: .NET converts it to the IANA zone through ICU.
        var china = CronSchedule.FindZone("China Standard Time", ZoneAt, errors);
        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromHours(8), china!.GetUtcOffset(Now));
    }

    [Fact]
    public void TryCreate_SecondsField_RefusedPointingAtInterval()
    {
        var error = RefusedWith("* * * * * *");

        Assert.StartsWith($"{At} '* * * * * *' has six fields", error, StringComparison.Ordinal);
        Assert.Contains("set Interval instead", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_31stOfFebruary_RefusedAsNeverFiring()
    {
        var error = RefusedWith("0 2 31 2 *");

        Assert.StartsWith($"{At} '0 2 31 2 *' ", error, StringComparison.Ordinal);
        Assert.Contains("never", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_TenThousandCharacters_RefusedWithABoundedMessage()
    {
        var error = RefusedWith(string.Concat(Enumerable.Repeat("1,", 5000)));

        Assert.StartsWith($"{At} is 10000 characters long", error, StringComparison.Ordinal);
        Assert.True(error.Length < 400, error);
    }

    [Fact]
    public void TryCreate_ControlCharacters_RefusedAndShownEscaped()
    {
        var error = RefusedWith("0 2 * * *\n0 3 * * *\u001b[2J");

        Assert.Equal($"{At} '0 2 * * *\\n0 3 * * *\\x1B[2J' holds a control character. Write the five fields separated by spaces, for example '0 2 * * *'.", error);
    }

    [Fact]
    public void TryCreate_NotCron_RefusedWithTheParsersReason()
    {
        var error = RefusedWith("0 25 * * *");

        Assert.StartsWith($"{At} '0 25 * * *' is not a valid cron expression: ", error, StringComparison.Ordinal);
        Assert.StartsWith($"{At} 'every day at two' has 4 fields; a cron expression has five", RefusedWith("every day at two"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd", "is not a time zone id")]
    [InlineData("/etc/passwd", "is not a time zone id")]
    [InlineData("Asia/Shanghai\r\nX", "is not a time zone id")]
    [InlineData("Mars/Olympus_Mons", "is not a time zone this machine knows")]
    public void TryCreate_BadZone_RefusedNamingTheZoneSetting(string zone, string expected)
    {
        var error = RefusedWith("0 2 * * *", zone);

        Assert.StartsWith($"{ZoneAt} '", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void TryCreate_BadExpressionAndBadZone_BothReported()
    {
        var errors = new List<string>();

        Assert.Null(CronSchedule.TryCreate("61 * * * *", "../x", At, ZoneAt, Now, errors));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith(ZoneAt, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith(At, StringComparison.Ordinal));
    }
}
