using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Crm.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static IntegrationHub.Crm.Core.Tests.Alarms.Readings;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

public class NoDataRuleTests
{
    private static NoDataRule Silent(string metric = "*") => new()
    {
        Id = "silent",
        AssetId = "*",
        Metric = metric,
        Code = "NO-DATA",
        Severity = AlarmSeverity.Major,
        Silence = Min(10),
    };

    [Fact]
    public void OnTick_SilenceReachesN_RaisesExactlyThenOnlyOnce()
    {
        var clock = new FakeTimeProvider(T0);
        var evaluator = new AlarmEvaluator([Silent()]);
        evaluator.OnReading(At(Min(0), 20));

        Assert.Empty(evaluator.OnTick(clock.Step(Min(10) - TimeSpan.FromTicks(1))));
        var raised = Assert.Single(evaluator.OnTick(clock.Step(TimeSpan.FromTicks(1))));
        Assert.Empty(evaluator.OnTick(clock.Step(Min(30))));

        Assert.Equal(T0 + Min(10), raised.At);
        Assert.Equal("NO-DATA", raised.Code);
        Assert.Equal("*", raised.Metric);
        Assert.Equal("no data from M-1 for 00:10:00 (last reading at 2026-11-20T08:00:00.0000000+00:00)", raised.Reason);
    }

    [Fact]
    public void OnTick_LateTick_StampsRaiseAtLastReadingPlusN()
    {
        var evaluator = new AlarmEvaluator([Silent()]);
        evaluator.OnReading(At(Min(0), 20));

        var raised = Assert.Single(evaluator.OnTick(T0 + Min(25)));

        Assert.Equal(T0 + Min(10), raised.At);
    }

    [Fact]
    public void OnReading_AfterSilence_ClearsOnNextReadingOfAnyMetric()
    {
        var evaluator = new AlarmEvaluator([Silent()]);
        evaluator.OnReading(At(Min(0), 20));
        evaluator.OnTick(T0 + Min(12));

        var cleared = Assert.Single(evaluator.OnReading(At(Min(13), 1, "pressure") with { Quality = ReadingQuality.Bad }));

        Assert.Equal(AlarmTransitionKind.Cleared, cleared.Kind);
        Assert.Equal(T0 + Min(13), cleared.At);
        Assert.Empty(evaluator.OnTick(T0 + Min(22)));
        Assert.Single(evaluator.OnTick(T0 + Min(23)));
    }

    [Fact]
    public void OnReading_ReplayOfOldReadingDuringSilence_DoesNotClear()
    {
        var evaluator = new AlarmEvaluator([Silent()]);
        evaluator.OnReading(At(Min(5), 20));
        evaluator.OnTick(T0 + Min(16));

        Assert.Empty(evaluator.OnReading(At(Min(5), 20)));
        Assert.Empty(evaluator.OnReading(At(Min(1), 20)));
        Assert.True(evaluator.GetState("silent", "M-1")!.Active);
    }

    [Fact]
    public void OnTick_OneMetricRule_OtherMetricsDoNotCount()
    {
        var evaluator = new AlarmEvaluator([Silent("temperature")]);
        evaluator.OnReading(At(Min(0), 20));
        evaluator.OnReading(At(Min(5), 3, "pressure"));

        var raised = Assert.Single(evaluator.OnTick(T0 + Min(10)));

        Assert.StartsWith("no temperature data from M-1", raised.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnTick_AssetNeverSeen_NoAlarm()
    {
        var evaluator = new AlarmEvaluator([Silent()]);

        Assert.Empty(evaluator.OnTick(T0 + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void OnReading_Offline_RaisesAtOnceStampedWithTheDeathThenNextGoodReadingClears()
    {
        var evaluator = new AlarmEvaluator([Silent()]);
        evaluator.OnReading(At(Min(0), 20));

        // Issue 22 item 4: a Sparkplug B death arrives one minute later; the ten minutes of silence are not waited out.
        var raised = Assert.Single(evaluator.OnReading(At(Min(1), 20) with { Quality = ReadingQuality.Offline }));
        Assert.Empty(evaluator.OnTick(T0 + Min(30)));
        Assert.Empty(evaluator.OnReading(At(Min(2), 20, "pressure") with { Quality = ReadingQuality.Offline }));
        var cleared = Assert.Single(evaluator.OnReading(At(Min(40), 21)));

        Assert.Equal(AlarmTransitionKind.Raised, raised.Kind);
        Assert.Equal(T0 + Min(1), raised.At);
        Assert.Equal("M-1 went offline at 2026-11-20T08:01:00.0000000+00:00 (its temperature is stale)", raised.Reason);
        Assert.Equal(AlarmTransitionKind.Cleared, cleared.Kind);
        Assert.Equal(T0 + Min(40), cleared.At);
    }

    [Fact]
    public void OnReading_OfflineReadingAboveLimit_IsNoValueForThresholdRules()
    {
        var evaluator = new AlarmEvaluator([HighTemperature()]);

        Assert.Empty(evaluator.OnReading(At(Min(0), 500) with { Quality = ReadingQuality.Offline }));
        Assert.Single(evaluator.OnReading(At(Min(1), 500)));
    }
}
