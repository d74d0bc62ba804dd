using IntegrationHub.Crm.Core.Alarms;
using static IntegrationHub.Crm.Core.Tests.Alarms.Readings;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

public class AlarmLifecycleTests
{
    private static AlarmTransition RaisedTransition() => new()
    {
        Kind = AlarmTransitionKind.Raised,
        RuleId = "hot",
        AssetId = "M-1",
        Metric = "temperature",
        Code = "TEMP-HIGH",
        Severity = AlarmSeverity.Major,
        At = T0,
        Reason = "temperature = 95 is above the limit 90",
        IsFlapping = true,
    };

    private static Alarm Active() => AlarmLifecycle.Raise(RaisedTransition());

    [Fact]
    public void Raise_RaisedTransition_ActiveAlarmWithTransitionFields()
    {
        var alarm = Active();

        Assert.Equal(AlarmState.Active, alarm.State);
        Assert.Equal(("M-1", "TEMP-HIGH", AlarmSeverity.Major, T0), (alarm.AssetId, alarm.Code, alarm.Severity, alarm.RaisedAt));
        Assert.Equal("hot", alarm.RuleId);
        Assert.True(alarm.Flapping);
        Assert.Equal("temperature = 95 is above the limit 90", alarm.Text);
    }

    [Fact]
    public void Raise_ClearedTransition_Throws()
    {
        Assert.Throws<ArgumentException>(() => AlarmLifecycle.Raise(RaisedTransition() with { Kind = AlarmTransitionKind.Cleared }));
    }

    [Fact]
    public void AcknowledgeThenClear_ActiveAlarm_GoesThroughBothStates()
    {
        var acknowledged = AlarmLifecycle.Acknowledge(Active(), T0 + Min(3), "desk.li");
        var cleared = AlarmLifecycle.Clear(acknowledged.Alarm, T0 + Min(9), "back to normal");

        Assert.True(acknowledged.Succeeded);
        Assert.Equal(AlarmState.Acknowledged, acknowledged.Alarm.State);
        Assert.Equal((T0 + Min(3), "desk.li"), (acknowledged.Alarm.AcknowledgedAt, acknowledged.Alarm.AcknowledgedBy));
        Assert.True(cleared.Succeeded);
        Assert.Equal(AlarmState.Cleared, cleared.Alarm.State);
        Assert.Equal(T0 + Min(9), cleared.Alarm.ClearedAt);
        Assert.EndsWith("from Acknowledged: back to normal", cleared.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_ActiveAlarm_ClearsWithoutAcknowledgement()
    {
        var result = AlarmLifecycle.Clear(Active(), T0 + Min(1), "back to normal");

        Assert.True(result.Succeeded);
        Assert.Equal(AlarmState.Cleared, result.Alarm.State);
        Assert.Null(result.Alarm.AcknowledgedAt);
    }

    [Fact]
    public void Acknowledge_Twice_RefusedWithAlarmUnchanged()
    {
        var once = AlarmLifecycle.Acknowledge(Active(), T0 + Min(1), "desk.li").Alarm;

        var twice = AlarmLifecycle.Acknowledge(once, T0 + Min(2), "desk.wang");

        Assert.False(twice.Succeeded);
        Assert.Equal(AlarmLifecycleError.AlreadyAcknowledged, twice.Error);
        Assert.Same(once, twice.Alarm);
        Assert.Contains("already acknowledged by desk.li", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acknowledge_ClearedAlarm_Refused()
    {
        var cleared = AlarmLifecycle.Clear(Active(), T0 + Min(1), "ok").Alarm;

        var result = AlarmLifecycle.Acknowledge(cleared, T0 + Min(2), "desk.li");

        Assert.Equal(AlarmLifecycleError.AlreadyCleared, result.Error);
        Assert.Equal(AlarmState.Cleared, result.Alarm.State);
    }

    [Fact]
    public void Clear_ClearedAlarm_Refused()
    {
        var cleared = AlarmLifecycle.Clear(Active(), T0 + Min(1), "ok").Alarm;

        Assert.Equal(AlarmLifecycleError.AlreadyCleared, AlarmLifecycle.Clear(cleared, T0 + Min(2), "again").Error);
    }

    [Fact]
    public void Acknowledge_BeforeRaise_Refused()
    {
        Assert.Equal(AlarmLifecycleError.TimeBeforePreviousStep, AlarmLifecycle.Acknowledge(Active(), T0 - Sec(1), "desk.li").Error);
    }

    [Fact]
    public void Clear_BeforeAcknowledgement_Refused()
    {
        var acknowledged = AlarmLifecycle.Acknowledge(Active(), T0 + Min(5), "desk.li").Alarm;

        Assert.Equal(AlarmLifecycleError.TimeBeforePreviousStep, AlarmLifecycle.Clear(acknowledged, T0 + Min(4), "ok").Error);
    }

    [Fact]
    public void Acknowledge_WithoutUser_Refused()
    {
        Assert.Equal(AlarmLifecycleError.MissingUser, AlarmLifecycle.Acknowledge(Active(), T0 + Min(1), " ").Error);
    }
}
