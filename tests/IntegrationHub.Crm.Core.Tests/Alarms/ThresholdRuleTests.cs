using System.Text.Json;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Crm.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static IntegrationHub.Crm.Core.Tests.Alarms.Readings;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

public class ThresholdRuleTests
{
    [Fact]
    public void OnReading_AboveLimitWithoutDelay_RaisesOnceWithReason()
    {
        var evaluator = new AlarmEvaluator([HighTemperature()]);

        var transitions = Feed(evaluator, At(Min(0), 80), At(Min(1), 92.5), At(Min(2), 95));

        var raised = Assert.Single(transitions);
        Assert.Equal(AlarmTransitionKind.Raised, raised.Kind);
        Assert.Equal("TEMP-HIGH", raised.Code);
        Assert.Equal(AlarmSeverity.Major, raised.Severity);
        Assert.Equal(T0 + Min(1), raised.At);
        Assert.Equal(92.5, raised.Value);
        Assert.Equal("temperature = 92.5 is above the limit 90", raised.Reason);
        Assert.False(raised.IsFlapping);
    }

    [Fact]
    public void OnReading_ValueWanderingInsideDeadband_DoesNotChatter()
    {
        var evaluator = new AlarmEvaluator([HighTemperature()]);

        var transitions = Feed(evaluator,
            At(Min(0), 91), At(Min(1), 89), At(Min(2), 86), At(Min(3), 91), At(Min(4), 85.5), At(Min(5), 90.5));

        Assert.Single(transitions);
        Assert.True(evaluator.GetState("hot", "M-1")!.Active);

        var cleared = Assert.Single(evaluator.OnReading(At(Min(6), 85)));
        Assert.Equal(AlarmTransitionKind.Cleared, cleared.Kind);
        Assert.Equal(T0 + Min(6), cleared.At);
        Assert.Contains("back at or below 85 (limit 90, deadband 5)", cleared.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnReading_LowRule_RaisesBelowAndClearsAtLimitPlusDeadband()
    {
        var rule = HighTemperature() with { Direction = ThresholdDirection.Low, Limit = 10, Deadband = 2 };
        var evaluator = new AlarmEvaluator([rule]);

        var transitions = Feed(evaluator, At(Min(0), 10), At(Min(1), 9), At(Min(2), 11), At(Min(3), 12));

        Assert.Equal([AlarmTransitionKind.Raised, AlarmTransitionKind.Cleared], transitions.Select(t => t.Kind));
        Assert.Equal([T0 + Min(1), T0 + Min(3)], transitions.Select(t => t.At));
    }

    [Fact]
    public void OnTick_DebounceRunsOut_RaisesStampedAtEndOfDelay()
    {
        var clock = new FakeTimeProvider(T0);
        var evaluator = new AlarmEvaluator([HighTemperature(raiseDelay: Min(5))]);

        Assert.Empty(evaluator.OnReading(At(Min(0), 95)));
        Assert.Empty(evaluator.OnTick(clock.Step(Min(5) - Sec(1))));
        var raised = Assert.Single(evaluator.OnTick(clock.Step(Sec(1))));

        Assert.Equal(T0 + Min(5), raised.At);
        Assert.Contains("for 00:05:00 since 2026-11-20T08:00:00.0000000+00:00", raised.Reason, StringComparison.Ordinal);
        Assert.Empty(evaluator.OnTick(clock.Step(Min(1))));
    }

    [Fact]
    public void OnReading_DebounceRunsOutBetweenReadings_RaisesOnNextReading()
    {
        var evaluator = new AlarmEvaluator([HighTemperature(raiseDelay: Min(5))]);

        var transitions = Feed(evaluator, At(Min(0), 95), At(Min(3), 96), At(Min(6), 97));

        var raised = Assert.Single(transitions);
        Assert.Equal(T0 + Min(5), raised.At);
        Assert.Equal(97, raised.Value);
    }

    [Fact]
    public void OnReading_ValueDipsBackDuringDebounce_RestartsDebounce()
    {
        var clock = new FakeTimeProvider(T0);
        var evaluator = new AlarmEvaluator([HighTemperature(raiseDelay: Min(5))]);

        Feed(evaluator, At(Min(0), 95), At(Min(3), 90), At(Min(4), 95));

        Assert.Empty(evaluator.OnTick(clock.Step(Min(9) - Sec(1))));
        Assert.Equal(T0 + Min(4), evaluator.GetState("hot", "M-1")!.PendingRaiseSince);
        var raised = Assert.Single(evaluator.OnTick(clock.Step(Sec(1))));
        Assert.Equal(T0 + Min(9), raised.At);
    }

    [Fact]
    public void OnTick_ClearDelay_ClearsOnlyAfterValueStaysBack()
    {
        var clock = new FakeTimeProvider(T0);
        var evaluator = new AlarmEvaluator([HighTemperature(clearDelay: Min(2))]);
        Feed(evaluator, At(Min(0), 95), At(Min(1), 80), At(Min(2), 88), At(Min(3), 84));

        Assert.Empty(evaluator.OnTick(clock.Step(Min(5) - Sec(1))));
        var cleared = Assert.Single(evaluator.OnTick(clock.Step(Sec(1))));

        // The reading of 88 (above the clear level 85) reset the delay started by 80 at minute 1.
        Assert.Equal(AlarmTransitionKind.Cleared, cleared.Kind);
        Assert.Equal(T0 + Min(5), cleared.At);
        Assert.False(evaluator.GetState("hot", "M-1")!.Active);
    }

    [Fact]
    public void OnReading_DuplicateAndOlderReadings_MakeNoTransitionAndLeaveStateAlone()
    {
        var evaluator = new AlarmEvaluator([HighTemperature()]);
        Assert.Single(evaluator.OnReading(At(Min(2), 95)));
        var before = evaluator.GetState("hot", "M-1");

        var replays = Feed(evaluator, At(Min(2), 95), At(Min(2), 50), At(Min(1), 50), At(Min(0), 99));

        Assert.Empty(replays);
        Assert.Same(before, evaluator.GetState("hot", "M-1"));
    }

    [Fact]
    public void OnReading_BadQualityOrNaN_IsIgnored()
    {
        var evaluator = new AlarmEvaluator([HighTemperature()]);

        var transitions = Feed(evaluator,
            At(Min(0), 99) with { Quality = ReadingQuality.Bad },
            At(Min(1), double.NaN));

        Assert.Empty(transitions);
        Assert.Null(evaluator.GetState("hot", "M-1"));
    }

    [Fact]
    public void OnReading_WildcardAsset_KeepsOneStatePerAsset()
    {
        var evaluator = new AlarmEvaluator([HighTemperature() with { AssetId = "*" }]);

        var transitions = Feed(evaluator, At(Min(0), 95, asset: "M-1"), At(Min(0), 95, asset: "M-2"), At(Min(1), 80, asset: "M-1"));

        Assert.Equal(["M-1:Raised", "M-2:Raised", "M-1:Cleared"], transitions.Select(t => $"{t.AssetId}:{t.Kind}"));
        Assert.True(evaluator.GetState("hot", "M-2")!.Active);
        Assert.Empty(evaluator.OnReading(At(Min(0), 95, metric: "pressure")));
    }

    [Fact]
    public void Import_RestartInTheMiddleOfDebounce_TimerResumesWhereItWas()
    {
        var rule = HighTemperature(raiseDelay: Min(10));
        var clock = new FakeTimeProvider(T0);
        var before = new AlarmEvaluator([rule]);
        before.OnReading(At(Min(0), 95));
        Assert.Empty(before.OnTick(clock.Step(Min(6))));

        // What the host stores, as JSON, and reads back after the restart.
        var stored = JsonSerializer.Serialize(before.ExportState());
        var after = new AlarmEvaluator([rule], JsonSerializer.Deserialize<List<AlarmRuleState>>(stored));

        Assert.Empty(after.OnReading(At(Min(7), 96)));
        Assert.Empty(after.OnTick(clock.Step(Min(4) - Sec(1))));
        var raised = Assert.Single(after.OnTick(clock.Step(Sec(1))));
        Assert.Equal(T0 + Min(10), raised.At);

        // Without the stored state the debounce would have started again at minute 7.
        var fresh = new AlarmEvaluator([rule]);
        fresh.OnReading(At(Min(7), 96));
        Assert.Empty(fresh.OnTick(T0 + Min(10)));
    }

    [Fact]
    public void Import_ActiveAlarmAndReplayedReading_NoSecondRaise()
    {
        var rule = HighTemperature();
        var before = new AlarmEvaluator([rule]);
        before.OnReading(At(Min(0), 95));

        var after = new AlarmEvaluator([rule], before.ExportState());

        Assert.Empty(after.OnReading(At(Min(0), 95)));
        Assert.Empty(after.OnReading(At(Min(1), 97)));
        Assert.Equal(AlarmTransitionKind.Cleared, Assert.Single(after.OnReading(At(Min(2), 70))).Kind);
    }

    [Fact]
    public void Import_StateOfRemovedRule_IsDropped()
    {
        var state = new AlarmRuleState { RuleId = "gone", AssetId = "M-1", Active = true };

        var evaluator = new AlarmEvaluator([HighTemperature()], [state]);

        Assert.Empty(evaluator.ExportState());
    }

    [Fact]
    public void ExportChanges_AfterReadings_ReturnsChangedStatesOnce()
    {
        var evaluator = new AlarmEvaluator([HighTemperature(), HighTemperature() with { Id = "hot2", Metric = "pressure" }]);
        evaluator.OnReading(At(Min(0), 95));

        var changed = evaluator.ExportChanges();

        Assert.Equal("hot", Assert.Single(changed).RuleId);
        Assert.Empty(evaluator.ExportChanges());
        evaluator.OnReading(At(Min(0), 95));
        Assert.Empty(evaluator.ExportChanges());
    }

    [Fact]
    public void Constructor_InvalidRules_ReportsEveryErrorAtOnce()
    {
        var bad = HighTemperature() with { Deadband = -1, Code = "" };

        var error = Assert.Throws<ArgumentException>(() => new AlarmEvaluator([bad, HighTemperature()]));

        Assert.Contains("Deadband is -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Code is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("rule 'hot' is declared 2 times", error.Message, StringComparison.Ordinal);
    }
}
