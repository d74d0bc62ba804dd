namespace IntegrationHub.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/demo.sh's options (issue 17 item 4): --store sqlite|postgresql and --check in any order; anything else is a
/// usage error (exit 2) before anything is installed, built or started. The old script ignored every argument but a
/// leading --check, so `demo.sh --store postgresql` silently ran on SQLite.
/// </summary>
public sealed class DemoArgumentsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hub-demo-args-" + Guid.NewGuid().ToString("N")[..12]);

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus")]
    [InlineData("unknown option '--stroe'", "--stroe", "postgresql")]
    [InlineData("unknown option 'postgresql'", "--check", "postgresql")]
    [InlineData("--store needs a value: sqlite or postgresql", "--check", "--store")]
    [InlineData("unknown store 'mysql': use --store sqlite (the default) or --store postgresql", "--store", "mysql")]
    [InlineData("unknown store 'PostgreSQL ': use --store sqlite", "--store=PostgreSQL ", "--check")]
    [InlineData("unknown store '--check'", "--store", "--check")]
    public async Task BadArguments_AreAUsageError_NamingWhatWasWrong_BeforeAnythingRuns(string expected, params string[] args)
    {
        var run = await RunDemoAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("demo.sh: " + expected, run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage: deploy/demo.sh [--store sqlite|postgresql] [--check]", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        // Nothing was installed, built or started: the demo's data folder was never made.
        Assert.False(Directory.Exists(_data), $"{_data} was made: the demo ran past its arguments.");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsTheUsage_AndRunsNothing(string option)
    {
        var run = await RunDemoAsync([option]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("--store postgresql", run.Output, StringComparison.Ordinal);
        Assert.Contains("HUB_PG_PORT (15432)", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_data));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private Task<ScriptRun> RunDemoAsync(string[] args) =>
        ScriptRun.RunAsync("demo.sh", args, new Dictionary<string, string>
        {
            // Ports of no server: should the script ever run past its arguments, it collides with nothing real.
            ["HUB_DEMO_DATA"] = _data,
            ["HUB_PORT"] = "1",
            ["HUB_MQTT_PORT"] = "1",
            ["HUB_SMTP_PORT"] = "1",
            ["HUB_OPCUA_PORT"] = "1",
            ["HUB_PG_PORT"] = "1",
        });
}
