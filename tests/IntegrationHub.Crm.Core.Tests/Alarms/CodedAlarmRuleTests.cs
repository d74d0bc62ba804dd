using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using static IntegrationHub.Crm.Core.Tests.Alarms.Readings;

namespace IntegrationHub.Crm.Core.Tests.Alarms;

public class CodedAlarmRuleTests
{
    private static CodedAlarmRule SpindleFault() => new()
    {
        Id = "spindle",
        AssetId = "*",
        Metric = "fault_code",
        Code = "SPINDLE",
        Severity = AlarmSeverity.Warning,
        Codes = new Dictionary<long, AlarmCodeEntry>
        {
            [3] = new() { Code = "SPINDLE-OVERLOAD", Severity = AlarmSeverity.Critical, TextEn = "Spindle overload", TextZhCn = "主轴过载" },
            [5] = new() { Severity = AlarmSeverity.Major, TextEn = "Coolant low", TextZhCn = "冷却液不足" },
        },
    };

    [Fact]
    public void OnReading_KnownCode_RaisesWithTableCodeSeverityAndTexts()
    {
        var evaluator = new AlarmEvaluator([SpindleFault()]);

        var raised = Assert.Single(Feed(evaluator, At(Sec(0), 0, "fault_code"), At(Sec(1), 3, "fault_code")));

        Assert.Equal("SPINDLE-OVERLOAD", raised.Code);
        Assert.Equal(AlarmSeverity.Critical, raised.Severity);
        Assert.Equal("Spindle overload", raised.TextEn);
        Assert.Equal("主轴过载", raised.TextZhCn);
        Assert.Equal("fault_code reports code 3: Spindle overload", raised.Reason);
    }

    [Fact]
    public void OnReading_EntryWithoutCode_RaisesRuleCodeDotValue()
    {
        var evaluator = new AlarmEvaluator([SpindleFault()]);

        var raised = Assert.Single(evaluator.OnReading(At(Sec(0), 5, "fault_code")));

        Assert.Equal("SPINDLE.5", raised.Code);
        Assert.Equal(AlarmSeverity.Major, raised.Severity);
    }

    [Fact]
    public void OnReading_UnknownCode_RaisesAtRuleSeveritySayingUnknown()
    {
        var evaluator = new AlarmEvaluator([SpindleFault()]);

        var raised = Assert.Single(evaluator.OnReading(At(Sec(0), 17, "fault_code")));

        Assert.Equal("SPINDLE.17", raised.Code);
        Assert.Equal(AlarmSeverity.Warning, raised.Severity);
        Assert.Equal("Unknown alarm code 17 (not in the code table of rule 'spindle')", raised.TextEn);
        Assert.Contains("未知报警代码 17", raised.TextZhCn, StringComparison.Ordinal);
        Assert.Contains("unknown code 17", raised.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnReading_CodeChangesThenNormal_ClearsOldRaisesNewThenClears()
    {
        var evaluator = new AlarmEvaluator([SpindleFault()]);

        var transitions = Feed(evaluator,
            At(Sec(0), 3, "fault_code"), At(Sec(1), 3, "fault_code"), At(Sec(2), 5, "fault_code"), At(Sec(3), 0, "fault_code"));

        Assert.Equal(
            ["Raised SPINDLE-OVERLOAD", "Cleared SPINDLE-OVERLOAD", "Raised SPINDLE.5", "Cleared SPINDLE.5"],
            transitions.Select(t => $"{t.Kind} {t.Code}"));
        Assert.Equal(AlarmSeverity.Critical, transitions[1].Severity);
        Assert.Equal(AlarmSeverity.Major, transitions[3].Severity);
    }

    [Fact]
    public void OnReading_BooleanTagWithoutTable_RaisesRuleCode()
    {
        var rule = new CodedAlarmRule
        {
            Id = "door",
            AssetId = "M-1",
            Metric = "door_open",
            Code = "DOOR-OPEN",
            Severity = AlarmSeverity.Info,
            TextEn = "Guard door open",
            TextZhCn = "防护门打开",
        };
        var evaluator = new AlarmEvaluator([rule]);

        var transitions = Feed(evaluator, At(Sec(0), 1, "door_open"), At(Sec(1), 0, "door_open"));

        Assert.Equal(["Raised DOOR-OPEN", "Cleared DOOR-OPEN"], transitions.Select(t => $"{t.Kind} {t.Code}"));
        Assert.Equal("防护门打开", transitions[0].TextZhCn);
    }

    [Fact]
    public void OnReading_FractionalValue_IsIgnored()
    {
        var evaluator = new AlarmEvaluator([SpindleFault()]);

        Assert.Empty(evaluator.OnReading(At(Sec(0), 3.5, "fault_code")));
    }

    [Fact]
    public void Lookup_Text_PicksLanguage()
    {
        var entry = SpindleFault().Codes[3];

        Assert.Equal("主轴过载", entry.Text("zh-CN"));
        Assert.Equal("Spindle overload", entry.Text("en"));
        Assert.Equal("Spindle overload", entry.Text("de-DE"));
    }

    [Fact]
    public void Validate_NormalValueInTableAndMissingText_ReportsBoth()
    {
        var rule = SpindleFault() with
        {
            Codes = new Dictionary<long, AlarmCodeEntry>
            {
                [0] = new() { TextEn = "OK", TextZhCn = "正常" },
                [9] = new() { TextEn = "Nine", TextZhCn = "" },
            },
        };

        var errors = rule.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("entry for 0, the normal value", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("code 9 needs both TextEn and TextZhCn", StringComparison.Ordinal));
    }
}
