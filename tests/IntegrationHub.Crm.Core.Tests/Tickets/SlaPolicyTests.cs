using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Crm.Core.Tests.Tickets;

public class SlaPolicyTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    // 2026-11-20 is a Friday; 2026-11-23 the Monday after.
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, China);

    private static SlaPolicy Policy(params DateOnly[] holidays) => new()
    {
        Calendar = BusinessCalendar.Weekdays(Shanghai, TimeSpan.FromHours(9), TimeSpan.FromHours(18), holidays),
    };

    [Fact]
    public void DueTimes_DefaultsWithoutCalendar_Run24x7()
    {
        var opened = Local(21, 23); // a Saturday night

        Assert.Equal((opened.AddHours(2), opened.AddHours(24)), Due(SlaPolicy.Default, TicketPriority.P0, opened));
        Assert.Equal((opened.AddHours(4), opened.AddHours(24)), Due(SlaPolicy.Default, TicketPriority.P1, opened));
        Assert.Equal((opened.AddHours(8), opened.AddHours(40)), Due(SlaPolicy.Default, TicketPriority.P2, opened));
        Assert.Equal("P0: respond within 02:00:00 and resolve within 1.00:00:00, 24x7.", SlaPolicy.Default.DueTimes(TicketPriority.P0, opened).Reason);
    }

    [Fact]
    public void DueTimes_FridayAfternoonP1_RespondCarriesOverWeekend()
    {
        var due = Policy().DueTimes(TicketPriority.P1, Local(20, 16));

        // Friday 16:00-18:00 is 2 h, Monday 09:00-11:00 the other 2 h.
        Assert.Equal(Local(23, 11), due.RespondBy);
        Assert.Equal(China, due.RespondBy.Offset);

        // 24 h: Friday 2, Monday 9, Tuesday 9, Wednesday 09:00-13:00.
        Assert.Equal(Local(25, 13), due.ResolveBy);
        Assert.Contains("business hours (Asia/Shanghai, holidays excluded)", due.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DueTimes_MondayHoliday_SkipsIt()
    {
        var due = Policy(new DateOnly(2026, 11, 23)).DueTimes(TicketPriority.P1, Local(20, 16));

        Assert.Equal(Local(24, 11), due.RespondBy);
    }

    [Fact]
    public void DueTimes_OpenedInUtcOnSaturday_CountsFromMondayOpeningInShanghai()
    {
        var opened = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero); // Saturday 10:00 in Shanghai

        var due = Policy().DueTimes(TicketPriority.P2, opened);

        Assert.Equal(Local(23, 17), due.RespondBy);
    }

    [Fact]
    public void DueTimes_TargetEndsAtClosing_DueAtClosingNotNextMorning()
    {
        var due = Policy().DueTimes(TicketPriority.P1, Local(23, 14));

        Assert.Equal(Local(23, 18), due.RespondBy);
    }

    [Fact]
    public void DueTimes_OpenedBeforeOpening_CountsFromOpening()
    {
        var due = Policy().DueTimes(TicketPriority.P1, Local(23, 6, 30));

        Assert.Equal(Local(23, 13), due.RespondBy);
    }

    [Fact]
    public void DueTimes_P0WithCalendar_StillRuns24x7()
    {
        var opened = Local(20, 17);

        Assert.Equal((opened.AddHours(2), opened.AddHours(24)), Due(Policy(), TicketPriority.P0, opened));
    }

    [Fact]
    public void DueTimes_ConfiguredTargets_AreUsed()
    {
        var policy = SlaPolicy.Default with
        {
            P0 = new SlaTarget { Respond = TimeSpan.FromMinutes(30), Resolve = TimeSpan.FromHours(8), BusinessHoursOnly = false },
        };

        Assert.Equal((T0Plus(0.5), T0Plus(8)), Due(policy, TicketPriority.P0, Local(20, 10)));

        static DateTimeOffset T0Plus(double hours) => Local(20, 10).AddHours(hours);
    }

    [Fact]
    public void Validate_BadHoursAndNoDays_ReportsEach()
    {
        var calendar = new BusinessCalendar
        {
            TimeZone = Shanghai,
            Hours = new Dictionary<DayOfWeek, OpeningHours> { [DayOfWeek.Monday] = new(TimeSpan.FromHours(18), TimeSpan.FromHours(9)) },
        };

        var errors = calendar.Validate();

        Assert.Contains("Monday: opening hours 18:00:00 to 09:00:00", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Contains("No opening hours", Assert.Single((calendar with { Hours = new Dictionary<DayOfWeek, OpeningHours>() }).Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void AddBusinessTime_NeverOpen_Throws()
    {
        var calendar = new BusinessCalendar { TimeZone = Shanghai, Hours = new Dictionary<DayOfWeek, OpeningHours>() };

        Assert.Throws<InvalidOperationException>(() => calendar.AddBusinessTime(Local(20, 10), TimeSpan.FromHours(1)));
    }

    private static (DateTimeOffset, DateTimeOffset) Due(SlaPolicy policy, TicketPriority priority, DateTimeOffset opened)
    {
        var due = policy.DueTimes(priority, opened);
        return (due.RespondBy, due.ResolveBy);
    }
}
