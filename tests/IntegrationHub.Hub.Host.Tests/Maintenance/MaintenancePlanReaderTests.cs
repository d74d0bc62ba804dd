using System.Diagnostics;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Maintenance;
using IntegrationHub.Hub.Host.Maintenance;

namespace IntegrationHub.Hub.Host.Tests.Maintenance;

/// <summary>Plan files (issue 24 item 4): the format, and every refusal naming file, line and field, losing no other plan.</summary>
public sealed class MaintenancePlanReaderTests : IDisposable
{
    private const string GoodPlan = "plans:\n" + MaintenancePlanHub.SpindlePlan + "  - id: coolant-90d\n    model: VMC-850\n    every: every 90 days\n";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maintenance-plans-" + Guid.NewGuid().ToString("N"));

    public MaintenancePlanReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void LoadFolder_GoodFile_ReadsEveryPlan()
    {
        Write("plans.yaml", GoodPlan);

        var set = MaintenancePlanReader.LoadFolder(_folder);

        Assert.Empty(set.Errors);
        Assert.Collection(set.Plans,
            p =>
            {
                Assert.Equal("spindle-500h", p.Id);
                Assert.Equal(new MaintenanceInterval(MaintenanceBasis.RunningHours, 500), p.Every);
                Assert.Equal("running_hours", p.Counter);
                Assert.Equal("Spindle bearing service", p.Title);
                Assert.Equal(AlarmSeverity.Warning, p.Severity);
                Assert.Equal("maintenance:spindle-500h", p.TicketCode);
            },
            p =>
            {
                Assert.Equal(new MaintenanceInterval(MaintenanceBasis.Calendar, 90), p.Every);
                Assert.Equal("Preventive maintenance (every 90 days)", p.Title);
                Assert.Equal(AlarmSeverity.Info, p.Severity);
            });
    }

    [Theory]
    [InlineData("    colour: red", "plans.yaml:8:5: 'colour' is not a field of a plan; use id, model, every, counter, title, severity.")]
    [InlineData("    every: every 500 banana", "plans.yaml:8:12: every: 'every 500 banana' is not an interval; write 'every <n> running hours' or 'every <n> days'")]
    [InlineData("    every: every 0 days", "plans.yaml:8:12: every: 'every 0 days': the interval must be at least 1 day.")]
    [InlineData("    every: every -90 days", "plans.yaml:8:12: every: 'every -90 days': the interval must be at least 1 day.")]
    [InlineData("    every: every 99999999 running hours", "plans.yaml:8:12: every: 'every 99999999 running hours': 99999999 running hours is more than the longest interval, 200,000 running hours.")]
    [InlineData("    every: [500, hours]", "plans.yaml:8:12: every: 'every' must be a single value")]
    [InlineData("    counter: running_hours", "plans.yaml:8:14: counter: a calendar plan (every 90 days) counts days from the installation date and reads no counter")]
    [InlineData("    severity: 7", "plans.yaml:8:15: severity: '7' is not a severity; use one of info, warning, major, critical.")]
    [InlineData("    title: \"two\\nlines\"", "plans.yaml:8:12: title: 'two\\nlines' holds control characters")]
    public void LoadFolder_BadField_RefusesThatPlanOnly_NamingLineAndField(string badLine, string expected)
    {
        // The second plan (from line 6) carries the bad line 8; the first is read as usual.
        var every = badLine.Contains("every:", StringComparison.Ordinal) ? string.Empty : "    every: every 90 days\n";
        Write("plans.yaml", $"""
            plans:
              - id: spindle-500h
                model: VMC-850
                every: every 500 running hours
                counter: running_hours
              - id: coolant-90d
                model: VMC-850
            {badLine}
            {every}
            """);

        var set = MaintenancePlanReader.LoadFolder(_folder);

        Assert.True(set.Errors.Any(e => e.StartsWith(expected, StringComparison.Ordinal)), string.Join("\n", set.Errors));
        Assert.Equal(["spindle-500h"], set.Plans.Select(p => p.Id));
    }

    [Fact]
    public void LoadFolder_RunningHoursPlanWithoutCounter_Refused()
    {
        Write("plans.yaml", "plans:\n  - { id: p1, model: M, every: 500 hours }\n");

        var error = Assert.Single(MaintenancePlanReader.LoadFolder(_folder).Errors);

        Assert.StartsWith("plans.yaml:2:", error, StringComparison.Ordinal);
        Assert.Contains(": every: a running-hours plan needs 'counter:', the metric in which the machine publishes its running hours", error, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_PlanIdWithControlCharacters_RefusedAndEscaped()
    {
        Write("plans.yaml", "plans:\n  - { id: \"evil\\u001b[31m\\nid\", model: M, every: 90 days }\n  - { id: fine, model: M, every: 90 days }\n");

        var set = MaintenancePlanReader.LoadFolder(_folder);

        var error = Assert.Single(set.Errors);
        Assert.Contains(@"id: 'evil\x1B[31m\nid' holds control characters", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error);
        Assert.Equal(["fine"], set.Plans.Select(p => p.Id));
    }

    [Fact]
    public void LoadFolder_PlanIdNotAName_Refused()
    {
        Write("plans.yaml", "plans:\n  - { id: \"has space\", model: M, every: 90 days }\n");

        Assert.Contains("id: 'has space' is not a plan id", Assert.Single(MaintenancePlanReader.LoadFolder(_folder).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_DuplicateIdsInTwoFiles_NeitherRuns_BothNamed()
    {
        Write("a.yaml", "plans:\n  - { id: lube, model: M, every: 90 days }\n  - { id: other, model: M, every: 30 days }\n");
        Write("b.yml", "plans:\n\n  - { id: lube, model: N, every: 10 days }\n");

        var set = MaintenancePlanReader.LoadFolder(_folder);

        var error = Assert.Single(set.Errors);
        Assert.StartsWith("plan id 'lube' is declared 2 times (a.yaml:2, b.yml:3)", error, StringComparison.Ordinal);
        Assert.Equal(["other"], set.Plans.Select(p => p.Id));
    }

    [Fact]
    public void LoadFolder_NotAPlanFile_Refused()
    {
        Write("plans.yaml", "rules:\n  - id: x\n");
        Write("broken.yaml", "plans: [ { id: x\n");
        Write("extra.yaml", "plans: []\nplan: oops\n");

        var errors = MaintenancePlanReader.LoadFolder(_folder).Errors;

        Assert.Contains(errors, e => e.StartsWith("plans.yaml:1:1: a maintenance plan file is a mapping with a 'plans:' list", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("broken.yaml:", StringComparison.Ordinal) && e.Contains("YAML syntax error", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("extra.yaml:2:1: 'plan' is not a setting of a plan file", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFolder_SymlinkOutOfTheFolder_NotRead()
    {
        var outside = Path.Combine(Path.GetTempPath(), "outside-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(outside, "plans:\n  - { id: smuggled, model: M, every: 1 day }\n");
        try
        {
            File.CreateSymbolicLink(Path.Combine(_folder, "link.yaml"), outside);
            Write("plans.yaml", GoodPlan);

            var set = MaintenancePlanReader.LoadFolder(_folder);

            var error = Assert.Single(set.Errors);
            Assert.True(error.StartsWith("link.yaml: not read: it is a symbolic link", StringComparison.Ordinal), error);
            Assert.Equal(["spindle-500h", "coolant-90d"], set.Plans.Select(p => p.Id));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void LoadFolder_Fifo_RefusedWithoutBlocking()
    {
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(_folder, "pipe.yaml")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Write("plans.yaml", GoodPlan);

        var set = MaintenancePlanReader.LoadFolder(_folder);

        Assert.StartsWith("pipe.yaml: not read: it is a named pipe (FIFO), not a regular file; settings files are read only as regular files", Assert.Single(set.Errors), StringComparison.Ordinal);
        Assert.Equal(2, set.Plans.Count);
    }

    [Fact]
    public void LoadFolder_NotUtf8OrTooLarge_Refused()
    {
        File.WriteAllBytes(Path.Combine(_folder, "latin1.yaml"), [0x70, 0x6C, 0x61, 0x6E, 0x73, 0x3A, 0x20, 0xE9, 0x0A]);
        File.WriteAllText(Path.Combine(_folder, "huge.yaml"), "plans: []\n# " + new string('x', (int)MaintenancePlanReader.MaxFileBytes));

        var errors = MaintenancePlanReader.LoadFolder(_folder).Errors;

        Assert.Contains(errors, e => e == "latin1.yaml: not read: it is not UTF-8 text; save it as UTF-8.");
        Assert.Contains(errors, e => e == "huge.yaml: not read: it is 1,048,588 bytes, more than the 1,048,576 bytes a settings file of this folder may have.");
    }

    [Fact]
    public void LoadFolder_NoFolder_NoPlansNoErrors()
    {
        var set = MaintenancePlanReader.LoadFolder(Path.Combine(_folder, "missing"));

        Assert.Empty(set.Plans);
        Assert.Empty(set.Errors);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder, name), text);
}
