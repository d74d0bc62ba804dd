using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Alarms.Rules;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Rules;

public sealed class RuleFileReaderTests
{
    private static (List<ConfiguredRule> Rules, List<string> Errors) Read(string yaml)
    {
        var rules = new List<ConfiguredRule>();
        var errors = new List<string>();
        RuleFileReader.Read("/x/plant.yaml", yaml, rules, errors);
        return (rules, errors);
    }

    [Fact]
    public void TheDemoRulesLoad()
    {
        var set = RuleFileReader.LoadDirectory(Path.Combine(TestHub.RepositoryRoot(), "deploy", "demo", "rules"));

        Assert.Empty(set.Errors);
        var overheat = Assert.IsType<ThresholdRule>(set.Rules.Single(r => r.Rule.Id == "spindle-overheat").Rule);
        Assert.Equal(85, overheat.Limit);
        Assert.Equal(80, overheat.ClearLevel);
        Assert.Equal(TimeSpan.FromSeconds(10), overheat.RaiseDelay);
        Assert.Equal(AlarmSeverity.Major, overheat.Severity);
        Assert.Equal("主轴温度过高", overheat.TextZhCn);
        Assert.Equal("spindle", set.Rules.Single(r => r.Rule.Id == "spindle-overheat").RequiredSkill);
        Assert.IsType<NoDataRule>(set.Rules.Single(r => r.Rule.Id == "machine-silent").Rule);
    }

    [Fact]
    public void CodedRule_ReadsItsCodeTable()
    {
        var (rules, errors) = Read("""
            rules:
              - id: press-fault
                kind: coded
                asset: PRESS-01
                metric: fault_code
                code: PRESS
                codes:
                  3: { code: HYDRAULIC, severity: critical, text: { en: hydraulic pressure lost, zh-CN: 液压失压 } }
                  7: { text: { en: door open, zh-CN: 安全门打开 } }
            """);

        Assert.Empty(errors);
        var rule = Assert.IsType<CodedAlarmRule>(Assert.Single(rules).Rule);
        Assert.Equal(AlarmSeverity.Critical, rule.Lookup(3).Severity);
        Assert.Equal("HYDRAULIC", rule.Lookup(3).Code);
        Assert.Equal("安全门打开", rule.Codes[7].TextZhCn);
    }

    [Fact]
    public void EveryMistakeIsReportedWithFileLineColumnAndTheFix()
    {
        var (rules, errors) = Read("""
            rules:
              - id: a
                kind: threshold
                metric: temperature
                limit: ninety
                code: HOT
              - id: b
                kind: treshold
                metric: temperature
                code: X
              - id: c
                kind: nodata
                silence: ten minutes
                code: OFF
                colour: red
              - kind: rate
                metric: pressure
                maxChange: 5
                window: 00:01:00
                code: JUMP
                severity: catastrophic
            """);

        Assert.Empty(rules);
        Assert.Contains("plant.yaml:5:12: 'limit' is 'ninety', not a number; write it with a dot for decimals, e.g. 90.5.", errors);
        Assert.Contains("plant.yaml:8:11: kind 'treshold' is unknown; use one of threshold, rate, coded, nodata.", errors);
        Assert.Contains(errors, e => e.StartsWith("plant.yaml:13:14: 'silence' is 'ten minutes', not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("plant.yaml:15:5: 'colour' is not a setting here", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("plant.yaml:16:5: 'id' is missing.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("plant.yaml:21:15: 'severity' is 'catastrophic'; use one of info, warning, major, critical.", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreValidation_ReachesTheFileToo()
    {
        var (_, errors) = Read("""
            rules:
              - id: a
                kind: threshold
                metric: temperature
                limit: 90
                deadband: -2
                code: HOT
            """);

        Assert.Contains(errors, e => e.StartsWith("plant.yaml:2:5: rule 'a': Deadband is -2", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateIdsAcrossFiles_AreAnError()
    {
        var folder = Directory.CreateTempSubdirectory("ih-rules-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.yaml"), "rules:\n  - { id: hot, kind: threshold, metric: t, limit: 1, code: H }\n");
            File.WriteAllText(Path.Combine(folder, "b.yaml"), "rules:\n  - { id: hot, kind: nodata, silence: 00:01:00, code: N }\n");

            var set = RuleFileReader.LoadDirectory(folder);

            Assert.Contains(set.Errors, e => e.StartsWith("rule id 'hot' is declared 2 times (a.yaml:2, b.yaml:2)", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
