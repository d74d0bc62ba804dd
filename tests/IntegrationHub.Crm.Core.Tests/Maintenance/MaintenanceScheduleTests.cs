using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Maintenance;

namespace IntegrationHub.Crm.Core.Tests.Maintenance;

public class MaintenanceScheduleTests
{
    private static readonly DateTimeOffset Installed = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly MaintenancePlan Hours = new()
    {
        Id = "spindle", Model = "VMC-850", Every = new MaintenanceInterval(MaintenanceBasis.RunningHours, 500), Counter = "running_hours", Title = "Spindle service",
    };

    private static readonly MaintenancePlan Days = Hours with { Id = "lube", Every = new MaintenanceInterval(MaintenanceBasis.Calendar, 90), Counter = null };

    private static readonly InstalledEquipment Machine = new() { AssetId = "EQ-1", CustomerCode = "C001", Model = "VMC-850", InstalledAt = Installed };

    [Fact]
    public void RunningHours_BelowTheFirstMark_NothingDue_HoursLeftKept()
    {
        var decision = Evaluate(Hours, null, 120);

        Assert.Null(decision.DueInterval);
        Assert.True(decision.Changed);
        Assert.Equal(0, decision.State.LastInterval);
        Assert.Equal(500, decision.State.NextDueHours);
        Assert.Equal(380, decision.State.HoursLeft);
    }

    [Fact]
    public void RunningHours_MarkReached_FiresOnce_ThenNotAgainInTheSameInterval()
    {
        var first = Evaluate(Hours, null, 430);
        var due = Evaluate(Hours, first.State, 501);
        var again = Evaluate(Hours, due.State, 730);

        Assert.Equal(1, due.DueInterval);
        Assert.Contains("501 running hours reached interval 1 (500 hours)", due.Reason, StringComparison.Ordinal);
        Assert.Null(again.DueInterval);
        Assert.Equal(1000, again.State.NextDueHours);
        var next = Evaluate(Hours, again.State, 1000);
        Assert.Equal(2, next.DueInterval);
    }

    [Fact]
    public void RunningHours_SameReadingAgain_NothingChanges()
    {
        var first = Evaluate(Hours, null, 501);
        var second = Evaluate(Hours, first.State, 501);

        Assert.Equal(1, first.DueInterval);
        Assert.Null(second.DueInterval);
        Assert.False(second.Changed);
    }

    [Fact]
    public void RunningHours_MachineRunningLongBeforeThePlan_OneTicketForTheLatestInterval()
    {
        // 25,020 hours at the first pass: 50 intervals have ended; one ticket, for the 50th.
        var decision = Evaluate(Hours, null, 25_020);

        Assert.Equal(50, decision.DueInterval);
        Assert.Contains("Intervals 1 to 49 ended without a ticket", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(25_500, decision.State.NextDueHours);
        Assert.Null(Evaluate(Hours, decision.State, 25_030).DueInterval);
    }

    [Fact]
    public void RunningHours_IntervalsMissedDuringDowntime_OneTicket()
    {
        var before = Evaluate(Hours, null, 510);
        var afterDowntime = Evaluate(Hours, before.State, 2_120);

        Assert.Equal(1, before.DueInterval);
        Assert.Equal(4, afterDowntime.DueInterval);
        Assert.Contains("Intervals 2 to 3 ended without a ticket", afterDowntime.Reason, StringComparison.Ordinal);
        Assert.Equal(2_500, afterDowntime.State.NextDueHours);
    }

    [Fact]
    public void RunningHours_CounterGoesDown_DoesNotFire_AndTheHoursCarryOn()
    {
        // A controller swap: 980 hours, then the new controller counts from 3.
        var before = Evaluate(Hours, null, 980);
        var swapped = Evaluate(Hours, before.State, 3);

        Assert.Null(swapped.DueInterval);
        Assert.Equal(977, swapped.State.CounterOffset);
        Assert.Equal(1, swapped.State.CounterResets);
        Assert.Equal(980, swapped.State.RunningHours);
        Assert.Contains("went down from 980 to 3", swapped.Reason, StringComparison.Ordinal);

        // The plan is not lost: 20 more hours on the new counter are 1,000 running hours, the second mark.
        var later = Evaluate(Hours, swapped.State, 23);
        Assert.Equal(2, later.DueInterval);
        Assert.Equal(1500, later.State.NextDueHours);
    }

    [Fact]
    public void RunningHours_CounterRolledBackBelowAFiredMark_NeverFiresThatMarkAgain()
    {
        var fired = Evaluate(Hours, null, 1_010);
        var rolledBack = Evaluate(Hours, fired.State, 400);
        var climbing = Evaluate(Hours, rolledBack.State, 600);

        Assert.Equal(2, fired.DueInterval);
        Assert.Null(rolledBack.DueInterval);
        Assert.Null(climbing.DueInterval);
        Assert.Equal(1_210, climbing.State.RunningHours);
    }

    [Fact]
    public void RunningHours_NoCounterReading_NotScheduled_StateKept()
    {
        var known = Evaluate(Hours, null, 700).State;

        var decision = MaintenanceSchedule.Evaluate(Hours, Machine, known, null, Installed.AddDays(100));

        Assert.Null(decision.DueInterval);
        Assert.Contains("has not reported its counter metric 'running_hours'", decision.State.Problem, StringComparison.Ordinal);
        Assert.Equal(known.LastInterval, decision.State.LastInterval);
        Assert.Equal(known.LastCounter, decision.State.LastCounter);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    public void RunningHours_ImplausibleCounter_RefusedAndChangesNothing(double value)
    {
        var known = Evaluate(Hours, null, 700).State;

        var decision = Evaluate(Hours, known, value);

        Assert.Null(decision.DueInterval);
        Assert.Contains("not a running-hours count", decision.State.Problem, StringComparison.Ordinal);
        Assert.Equal(700, decision.State.LastCounter);
        Assert.Equal(0, decision.State.CounterOffset);
        // The next plausible reading goes on as if the bad one had not come.
        Assert.Equal(2, Evaluate(Hours, decision.State, 1_000).DueInterval);
    }

    [Fact]
    public void RunningHours_EstimatesTheDueDateFromHoursPerDaySinceInstallation()
    {
        // 100 days installed, 1,200 hours run: 12 hours a day; 300 hours left are 25 days.
        var now = Installed.AddDays(100);
        var decision = MaintenanceSchedule.Evaluate(Hours, Machine, null, new CounterReading(1_200, now), now);

        Assert.Equal(now.AddDays(25), decision.State.NextDueAt);
        Assert.Equal(300, decision.State.HoursLeft);
    }

    [Fact]
    public void RunningHours_NoInstallationDate_HoursLeftWithoutEstimate()
    {
        var now = Installed.AddDays(100);
        var decision = MaintenanceSchedule.Evaluate(Hours, Machine with { InstalledAt = null }, null, new CounterReading(1_200, now), now);

        Assert.Null(decision.State.NextDueAt);
        Assert.Equal(300, decision.State.HoursLeft);
    }

    [Fact]
    public void Calendar_FirstDueCountedFromInstallation()
    {
        var early = MaintenanceSchedule.Evaluate(Days, Machine, null, null, Installed.AddDays(89));
        var due = MaintenanceSchedule.Evaluate(Days, Machine, early.State, null, Installed.AddDays(90));

        Assert.Null(early.DueInterval);
        Assert.Equal(Installed.AddDays(90), early.State.NextDueAt);
        Assert.Equal(1, due.DueInterval);
        Assert.Equal(Installed.AddDays(180), due.State.NextDueAt);
        Assert.Null(MaintenanceSchedule.Evaluate(Days, Machine, due.State, null, Installed.AddDays(179)).DueInterval);
        Assert.Equal(2, MaintenanceSchedule.Evaluate(Days, Machine, due.State, null, Installed.AddDays(180)).DueInterval);
    }

    [Fact]
    public void Calendar_MachineInstalledLongAgo_OneTicketNotFifty()
    {
        var longAgo = Machine with { InstalledAt = Installed.AddDays(-90 * 50 - 10) };

        var decision = MaintenanceSchedule.Evaluate(Days, longAgo, null, null, Installed);

        Assert.Equal(50, decision.DueInterval);
        Assert.Contains("Intervals 1 to 49 ended without a ticket", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(Installed.AddDays(80), decision.State.NextDueAt);
        Assert.Null(MaintenanceSchedule.Evaluate(Days, longAgo, decision.State, null, Installed.AddDays(1)).DueInterval);
    }

    [Fact]
    public void Calendar_IntervalsMissedDuringDowntime_OneTicket()
    {
        var first = MaintenanceSchedule.Evaluate(Days, Machine, null, null, Installed.AddDays(91));
        var afterDowntime = MaintenanceSchedule.Evaluate(Days, Machine, first.State, null, Installed.AddDays(400));

        Assert.Equal(1, first.DueInterval);
        Assert.Equal(4, afterDowntime.DueInterval);
        Assert.Equal(Installed.AddDays(450), afterDowntime.State.NextDueAt);
    }

    [Fact]
    public void Calendar_NoInstallationDate_NotScheduled()
    {
        var decision = MaintenanceSchedule.Evaluate(Days, Machine with { InstalledAt = null }, null, null, Installed);

        Assert.Null(decision.DueInterval);
        Assert.Contains("no installation date", decision.State.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Calendar_HugeIntervalNearTheEndOfTheCalendar_NoOverflow()
    {
        var century = Days with { Every = new MaintenanceInterval(MaintenanceBasis.Calendar, MaintenanceInterval.MaxDays) };
        var late = Machine with { InstalledAt = new DateTimeOffset(9950, 1, 1, 0, 0, 0, TimeSpan.Zero) };

        var decision = MaintenanceSchedule.Evaluate(century, late, null, null, Installed);

        Assert.Null(decision.DueInterval);
        Assert.Null(decision.State.NextDueAt);
    }

    private static MaintenanceDecision Evaluate(MaintenancePlan plan, MaintenanceState? state, double counter) =>
        MaintenanceSchedule.Evaluate(plan, Machine, state, new CounterReading(counter, Installed.AddDays(30)), Installed.AddDays(30));
}
