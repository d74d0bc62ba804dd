using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Maintenance;

namespace IntegrationHub.Crm.Core.Tests.Maintenance;

/// <summary>
/// Review of session 24, items 8 and 9: dates in a maintenance ticket's reason are the site's calendar days, and a
/// counter reading older than the one taken (two nodes' passes overlapping) is ignored, never taken for a reset.
/// </summary>
public class MaintenanceScheduleSiteTests
{
    private static readonly MaintenancePlan Hours = new()
    {
        Id = "spindle", Model = "VMC-850", Every = new MaintenanceInterval(MaintenanceBasis.RunningHours, 500), Counter = "running_hours", Title = "Spindle service",
    };

    [Fact]
    public void Calendar_DatesInTheReason_AreTheSitesDays_AsiaShanghai()
    {
        // Installed at 00:30 on 1 March in Shanghai, which is still 28 February in UTC.
        var installed = new DateTimeOffset(2025, 3, 1, 0, 30, 0, TimeSpan.FromHours(8));
        var machine = new InstalledEquipment { AssetId = "EQ-1", CustomerCode = "C001", Model = "VMC-850", InstalledAt = installed };
        var plan = Hours with { Every = new MaintenanceInterval(MaintenanceBasis.Calendar, 90), Counter = null };
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var due = MaintenanceSchedule.Evaluate(plan, machine, null, null, installed.AddDays(91), shanghai);
        var utc = MaintenanceSchedule.Evaluate(plan, machine, null, null, installed.AddDays(91));

        Assert.Equal(1, due.DueInterval);
        Assert.Contains("interval 1 ended on 2025-05-30, counted from the installation on 2025-03-01", due.Reason, StringComparison.Ordinal);
        Assert.Contains("counted from the installation on 2025-02-28", utc.Reason, StringComparison.Ordinal);
        var next = MaintenanceSchedule.Evaluate(plan, machine, due.State, null, installed.AddDays(100), shanghai);
        Assert.Contains("next due on 2025-08-28", next.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RunningHours_OlderReadingAfterANewerOne_Ignored_NoReset()
    {
        var machine = new InstalledEquipment { AssetId = "EQ-1", CustomerCode = "C001", Model = "VMC-850" };
        var t0 = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

        // Node B's pass read 1000.7 h (measured at t0 + 2 min) and committed first; node A's read 1000.5 h (t0 + 1 min).
        var byB = MaintenanceSchedule.Evaluate(Hours, machine, null, new CounterReading(1000.7, t0.AddMinutes(2)), t0.AddMinutes(3));
        var byA = MaintenanceSchedule.Evaluate(Hours, machine, byB.State, new CounterReading(1000.5, t0.AddMinutes(1)), t0.AddMinutes(3));

        Assert.Equal(2, byB.DueInterval);
        Assert.Null(byA.DueInterval);
        Assert.Equal((0, 0d, 1000.7), (byA.State.CounterResets, byA.State.CounterOffset, byA.State.LastCounter));
        Assert.DoesNotContain("went down", byA.Reason, StringComparison.Ordinal);
        Assert.False(byA.Changed);

        // A real reset, measured later, is still one.
        var reset = MaintenanceSchedule.Evaluate(Hours, machine, byA.State, new CounterReading(3, t0.AddMinutes(10)), t0.AddMinutes(11));
        Assert.Equal(1, reset.State.CounterResets);
    }
}
