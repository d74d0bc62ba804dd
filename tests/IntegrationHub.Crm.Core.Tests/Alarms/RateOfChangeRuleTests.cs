using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using static IntegrationHub.Crm.Core.Tests.Alarms.Readings;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

public class RateOfChangeRuleTests
{
    private static RateOfChangeRule PressureJump(RateDirection direction = RateDirection.Either) => new()
    {
        Id = "jump",
        AssetId = "M-1",
        Metric = "pressure",
        Code = "PRESSURE-JUMP",
        MaxChange = 10,
        Window = Min(1),
        Direction = direction,
    };

    [Fact]
    public void OnReading_ChangeAboveLimitWithinWindow_RaisesThenClearsWhenWindowCalms()
    {
        var evaluator = new AlarmEvaluator([PressureJump()]);

        var transitions = Feed(evaluator,
            At(Sec(0), 100, "pressure"), At(Sec(20), 105, "pressure"), At(Sec(40), 111, "pressure"),
            At(Sec(60), 112, "pressure"), At(Sec(100), 113, "pressure"));

        Assert.Equal([AlarmTransitionKind.Raised, AlarmTransitionKind.Cleared], transitions.Select(t => t.Kind));
        Assert.Equal(T0 + Sec(40), transitions[0].At);
        Assert.Equal("pressure changed by 11 in 00:00:40 (from 100 at 2026-11-20T08:00:00.0000000+00:00 to 111), more than 10 within 00:01:00", transitions[0].Reason);

        // At 100 s the window starts at 40 s: 113 - 111 = 2.
        Assert.Equal(T0 + Sec(100), transitions[1].At);
    }

    [Fact]
    public void OnReading_SameChangeSpreadOverMoreThanWindow_DoesNotRaise()
    {
        var evaluator = new AlarmEvaluator([PressureJump()]);

        var transitions = Feed(evaluator,
            At(Sec(0), 100, "pressure"), At(Sec(45), 106, "pressure"), At(Sec(90), 112, "pressure"), At(Sec(135), 118, "pressure"));

        Assert.Empty(transitions);
        Assert.Equal([T0 + Sec(90), T0 + Sec(135)], evaluator.GetState("jump", "M-1")!.Samples.Select(s => s.At));
    }

    [Fact]
    public void OnReading_WindowBoundaryIncluded_RaisesOnChangeExactlyOneWindowApart()
    {
        var evaluator = new AlarmEvaluator([PressureJump()]);

        var transitions = Feed(evaluator, At(Sec(0), 100, "pressure"), At(Sec(60), 111, "pressure"));

        Assert.Single(transitions);
    }

    [Fact]
    public void OnReading_RisingRule_IgnoresFall()
    {
        var evaluator = new AlarmEvaluator([PressureJump(RateDirection.Rising)]);

        Assert.Empty(Feed(evaluator, At(Sec(0), 100, "pressure"), At(Sec(10), 85, "pressure")));
        Assert.Single(Feed(evaluator, At(Sec(70), 97, "pressure")));
    }

    [Fact]
    public void OnReading_FallingRule_RaisesOnFall()
    {
        var evaluator = new AlarmEvaluator([PressureJump(RateDirection.Falling)]);

        Assert.Empty(Feed(evaluator, At(Sec(0), 100, "pressure"), At(Sec(10), 120, "pressure")));
        Assert.Single(Feed(evaluator, At(Sec(70), 105, "pressure")));
    }

    [Fact]
    public void Import_RestartWithinWindow_KeepsSamples()
    {
        var before = new AlarmEvaluator([PressureJump()]);
        Feed(before, At(Sec(0), 100, "pressure"), At(Sec(20), 104, "pressure"));

        var stored = System.Text.Json.JsonSerializer.Serialize(before.ExportState());
        var after = new AlarmEvaluator([PressureJump()], System.Text.Json.JsonSerializer.Deserialize<List<AlarmRuleState>>(stored));

        var raised = Assert.Single(after.OnReading(At(Sec(30), 111, "pressure")));
        Assert.Contains("changed by 11 in 00:00:30", raised.Reason, StringComparison.Ordinal);
    }
}
