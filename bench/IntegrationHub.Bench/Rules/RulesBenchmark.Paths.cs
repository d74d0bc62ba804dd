using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

// Issue 20 item 1: both paths of the readings to the rules in one run (the old queue first, then at ingest), so that
// their ratios share the machine's load; the load average is written before each.
internal static partial class RulesBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var queue = RulesPath.Queue;
        var atIngest = RulesPath.AtIngestPath;
        var report = new List<string>();
        foreach (var path in new[] { queue, atIngest })
        {
            // Issue 20 item 3: a run with a 1-minute load above 1.5 is marked noisy, not quoted as quiet.
            var noisy = RunLoad.AfterSettling() > RunLoad.NoisyAbove;
            var load = Machine.LoadAverage();
            Console.Error.WriteLine($"[rules] {path.Title}; load average {load}");
            report.Add(string.Create(i, $"Load average before the {path.Name} run (1, 5, 15 min): {load}.{(noisy ? " NOISY (above 1.5): compare the ratios, not the figures." : "")}"));
            report.AddRange(await RunPathAsync(settings, path, cancellationToken).ConfigureAwait(false));
            report.Add("");
        }

        report.AddRange(
        [
            string.Create(i, $"### Rules: at ingest against the queue, same run, {settings.RuleBackgroundRate:N0} background readings/s"),
            "",
            "| measure | queue (before issue 20) | at ingest | at ingest / queue |",
            "|---|---:|---:|---:|",
            string.Create(i, $"| message -> ticket p99 ms | {queue.TicketP99:0.0} | {atIngest.TicketP99:0.0} | {atIngest.TicketP99 / queue.TicketP99:0.000} |"),
            string.Create(i, $"| message -> first notification p99 ms | {queue.MailP99:0.0} | {atIngest.MailP99:0.0} | {atIngest.MailP99 / queue.MailP99:0.000} |"),
            string.Create(i, $"| watched readings evaluated/s while the background ran | {queue.EvaluatedPerSecond:N0} | {atIngest.EvaluatedPerSecond:N0} | {atIngest.EvaluatedPerSecond / queue.EvaluatedPerSecond:0.00} |"),
            string.Create(i, $"| hub CPU µs per reading (MQTT + store + rules) | {queue.CpuMicrosPerReading:0.0} | {atIngest.CpuMicrosPerReading:0.0} | {atIngest.CpuMicrosPerReading / queue.CpuMicrosPerReading:0.00} |"),
            "",
        ]);
        return report;
    }

    private static async Task<RulesSample> SampleAsync(HubServer hub, HttpClient health, CancellationToken cancellationToken)
    {
        var cpu = ProcessCpu.SecondsOf(hub.ProcessId);
        using var document = await HealthJson.ReadAsync(health, cancellationToken).ConfigureAwait(false);
        return new RulesSample(
            cpu, HealthJson.AdapterCount(document.RootElement, "mqtt", "readingsStored"), HealthJson.AdapterCount(document.RootElement, "rules", "readingsEvaluated"));
    }
}
