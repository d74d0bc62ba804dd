using IntegrationHub.Crm.Core.Alarms;
using static IntegrationHub.Crm.Core.Tests.Alarms.Readings;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

public class FlappingTests
{
    private static List<AlarmTransition> Cycles(AlarmEvaluator evaluator, int count, TimeSpan every)
    {
        var transitions = new List<AlarmTransition>();
        for (var i = 0; i < count; i++)
        {
            transitions.AddRange(evaluator.OnReading(At(every * i, 95)));
            transitions.AddRange(evaluator.OnReading(At((every * i) + Sec(30), 70)));
        }

        return transitions;
    }

    [Fact]
    public void OnReading_MoreCyclesThanThresholdInWindow_MarksFlapping()
    {
        var evaluator = new AlarmEvaluator([HighTemperature() with { FlapThreshold = 3, FlapWindow = Min(10) }]);

        var raises = Cycles(evaluator, 4, Min(2)).Where(t => t.Kind == AlarmTransitionKind.Raised).ToList();

        Assert.Equal([false, false, false, true], raises.Select(t => t.IsFlapping));
        Assert.Contains("flapping: 4 raises within 00:10:00 (more than 3)", raises[3].Reason, StringComparison.Ordinal);
        Assert.True(evaluator.GetState("hot", "M-1")!.Flapping);
    }

    [Fact]
    public void OnReading_SameCyclesSpreadBeyondWindow_NotFlapping()
    {
        var evaluator = new AlarmEvaluator([HighTemperature() with { FlapThreshold = 3, FlapWindow = Min(10) }]);

        var transitions = Cycles(evaluator, 6, Min(4));

        Assert.DoesNotContain(transitions, t => t.IsFlapping);
        Assert.Equal(3, evaluator.GetState("hot", "M-1")!.RecentRaises.Count);
    }

    [Fact]
    public void OnTick_WindowPassesWithoutRaises_EndsFlapping()
    {
        var evaluator = new AlarmEvaluator([HighTemperature() with { FlapThreshold = 3, FlapWindow = Min(10) }]);
        var transitions = Cycles(evaluator, 4, Min(1));
        Assert.True(transitions[^1].IsFlapping);

        evaluator.OnTick(T0 + Min(10) - Sec(1));
        Assert.True(evaluator.GetState("hot", "M-1")!.Flapping);

        // At ten minutes the first raise leaves the window: three raises are not more than three.
        evaluator.OnTick(T0 + Min(10));
        Assert.False(evaluator.GetState("hot", "M-1")!.Flapping);
        Assert.False(Assert.Single(evaluator.OnReading(At(Min(30), 95))).IsFlapping);
    }

    [Fact]
    public void Import_RestartAfterThreeCycles_FourthRaiseStillFlaps()
    {
        var rule = HighTemperature() with { FlapThreshold = 3, FlapWindow = Min(10) };
        var before = new AlarmEvaluator([rule]);
        Cycles(before, 3, Min(1));

        var stored = System.Text.Json.JsonSerializer.Serialize(before.ExportState());
        var after = new AlarmEvaluator([rule], System.Text.Json.JsonSerializer.Deserialize<List<AlarmRuleState>>(stored));

        Assert.True(Assert.Single(after.OnReading(At(Min(3), 95))).IsFlapping);
    }
}
