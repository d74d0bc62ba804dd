using System.Diagnostics;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Hub.Host.Tests.Metrics;

/// <summary>
/// deploy/prometheus/alerts.yml is valid for Prometheus (<c>promtool check rules</c>) and each alert fires on the
/// synthetic series of alerts.test.yml, at the time its <c>for</c> says (<c>promtool test rules</c>).
/// </summary>
public class AlertRulesTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus");

    [Fact]
    public async Task Alerts_CheckRules_Valid()
    {
        var (code, output) = await PromtoolAsync("check", "rules", "alerts.yml");

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS: 9 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_UnitTests_EachAlertFiresOnItsSeries()
    {
        var (code, output) = await PromtoolAsync("test", "rules", "alerts.test.yml");

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alerts_EveryAlertHasAUnitTest()
    {
        var rules = await File.ReadAllLinesAsync(Path.Combine(Folder, "alerts.yml"));
        var tests = await File.ReadAllTextAsync(Path.Combine(Folder, "alerts.test.yml"));
        var alerts = rules.Select(l => l.Trim()).Where(l => l.StartsWith("- alert: ", StringComparison.Ordinal)).Select(l => l["- alert: ".Length..]).ToList();

        Assert.Equal(9, alerts.Count);
        Assert.All(alerts, alert => Assert.Contains($"alertname: {alert}\n", tests, StringComparison.Ordinal));
    }

    private static async Task<(int Code, string Output)> PromtoolAsync(params string[] arguments)
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), $"{promtool} is missing; deploy/install-deps.sh installs Debian's prometheus.");
        var start = new ProcessStartInfo(promtool)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A hang guard only.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
