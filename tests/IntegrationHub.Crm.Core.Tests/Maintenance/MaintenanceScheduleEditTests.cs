using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Maintenance;

namespace IntegrationHub.Crm.Core.Tests.Maintenance;

/// <summary>
/// Review of session 24, item 3: editing a plan's interval, or correcting a machine's installation date, renumbers the
/// intervals; the next ticket is decided on due points (hours, dates), never on the old plan's interval number.
/// </summary>
public class MaintenanceScheduleEditTests
{
    private static readonly DateTimeOffset Installed = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly InstalledEquipment Machine = new() { AssetId = "EQ-1", CustomerCode = "C001", Model = "VMC-850", InstalledAt = Installed };

    private static readonly MaintenancePlan Every250 = new()
    {
        Id = "spindle", Model = "VMC-850", Every = new MaintenanceInterval(MaintenanceBasis.RunningHours, 250), Counter = "running_hours", Title = "Spindle service",
    };

    private static readonly MaintenancePlan Every500 = Every250 with { Every = new MaintenanceInterval(MaintenanceBasis.RunningHours, 500) };

    [Fact]
    public void RunningHours_IntervalEditedFrom250To500_TicketAtTheNext500HourMark()
    {
        var at2100 = Hours(Every250, null, 2100);
        Assert.Equal(8, at2100.DueInterval);
        Assert.Equal(2000, at2100.DueKey);

        // After the edit: 2400 hours is short of 2500, the first 500-hour mark after the last ticket's 2000 hours.
        var at2400 = Hours(Every500, at2100.State, 2400);
        Assert.Null(at2400.DueInterval);
        Assert.Equal(2500, at2400.State.NextDueHours);

        var at2600 = Hours(Every500, at2400.State, 2600);
        Assert.Equal(5, at2600.DueInterval);
        Assert.Equal(2500, at2600.DueKey);
        Assert.Contains("reached interval 5 (2500 hours)", at2600.Reason, StringComparison.Ordinal);
        Assert.Null(Hours(Every500, at2600.State, 2700).DueInterval);
        Assert.Equal(6, Hours(Every500, at2600.State, 3000).DueInterval);
    }

    [Fact]
    public void RunningHours_IntervalEditedFrom500To250_NoTicketForAMarkAlreadyPassed_NextAtTheFollowingOne()
    {
        var at2100 = Hours(Every500, null, 2100);
        Assert.Equal(4, at2100.DueInterval);

        // 2100 hours: the 250-hour plan's mark 8 (2000 h) is the 500-hour plan's mark 4, ticketed already.
        var edited = Hours(Every250, at2100.State, 2200);
        Assert.Null(edited.DueInterval);
        Assert.Equal(2250, edited.State.NextDueHours);
        Assert.Equal(9, Hours(Every250, edited.State, 2260).DueInterval);
    }

    [Fact]
    public void RunningHours_StateStoredBeforeDuePointsWereRecorded_DerivesTheLastTicketsHours()
    {
        // As a session-24 hub stored it: interval 8 of every 250 hours, next due at 2250; no LastDueHours.
        var legacy = new MaintenanceState { PlanId = "spindle", AssetId = "EQ-1", LastInterval = 8, NextDueHours = 2250, LastCounter = 2100, RunningHours = 2100 };

        Assert.Null(Hours(Every250, legacy, 2200).DueInterval);
        Assert.Equal(5, Hours(Every500, legacy, 2600).DueInterval);
    }

    [Fact]
    public void Calendar_IntervalEditedFrom30To90Days_TicketAtTheNext90DayMark()
    {
        var every30 = Every250 with { Every = new MaintenanceInterval(MaintenanceBasis.Calendar, 30), Counter = null };
        var every90 = every30 with { Every = new MaintenanceInterval(MaintenanceBasis.Calendar, 90) };

        var day245 = Days(every30, null, 245);
        Assert.Equal(8, day245.DueInterval);

        // The last ticket's interval ended on day 240; the 90-day plan's mark 3 (day 270) is the next, mark 2 (180) is past.
        var day260 = Days(every90, day245.State, 260);
        Assert.Null(day260.DueInterval);
        Assert.Equal(Installed.AddDays(270), day260.State.NextDueAt);
        var day275 = Days(every90, day260.State, 275);
        Assert.Equal(3, day275.DueInterval);
        Assert.Equal(Installed.AddDays(270).ToUnixTimeSeconds(), day275.DueKey);
    }

    [Fact]
    public void Calendar_InstallationDateCorrectedLater_TicketsGoOnFromTheCorrectedDate()
    {
        var every90 = Every250 with { Every = new MaintenanceInterval(MaintenanceBasis.Calendar, 90), Counter = null };
        var day730 = Days(every90, null, 730);
        Assert.Equal(8, day730.DueInterval);

        // Installed 30 days later than first recorded: its intervals end on day 30 + 90 n. Interval 7 (day 660) is before the
        // last ticket's day 720; interval 8 (day 750) is after it, though the old plan's number 8 was ticketed already.
        var corrected = Machine with { InstalledAt = Installed.AddDays(30) };
        var day745 = MaintenanceSchedule.Evaluate(every90, corrected, day730.State, null, Installed.AddDays(745));
        Assert.Null(day745.DueInterval);
        Assert.Equal(Installed.AddDays(750), day745.State.NextDueAt);
        var day760 = MaintenanceSchedule.Evaluate(every90, corrected, day745.State, null, Installed.AddDays(760));
        Assert.Equal(8, day760.DueInterval);
    }

    private static MaintenanceDecision Hours(MaintenancePlan plan, MaintenanceState? state, double counter) =>
        MaintenanceSchedule.Evaluate(plan, Machine, state, new CounterReading(counter, Installed.AddDays(300)), Installed.AddDays(300));

    private static MaintenanceDecision Days(MaintenancePlan plan, MaintenanceState? state, int day) =>
        MaintenanceSchedule.Evaluate(plan, Machine, state, null, Installed.AddDays(day));
}
