using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;

namespace IntegrationHub.Bench.Rules;

// Issue 20 item 1: both paths of the readings to the rules in one run (the old queue first, then at ingest), so that
// their ratios share the machine's load; the load average is written before each. On each store --store names
// (SQLite unless told; PostgreSQL in a cluster of the benchmark's own, a fresh database per path).
internal static partial class RulesBenchmark
{
    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var kinds = BenchStore.Kinds(settings.Store, "sqlite");
        await using var postgres = kinds.Contains("postgresql") ? await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false) : null;
        var report = new List<string>();
        foreach (var kind in kinds)
        {
            report.AddRange(await RunOnAsync(settings, kind == "postgresql" ? postgres : null, cancellationToken).ConfigureAwait(false));
            if (kind == "postgresql")
            {
                report.Add("PostgreSQL: " + await postgres!.DescribeAsync(cancellationToken).ConfigureAwait(false) + ".");
                report.Add("");
            }
        }

        return report;
    }

    private static async Task<IReadOnlyList<string>> RunOnAsync(BenchSettings settings, BenchPostgres? postgres, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var queue = RulesPath.Queue;
        var atIngest = RulesPath.AtIngestPath;
        var report = new List<string>();
        var storeName = postgres is null ? BenchStore.Sqlite.Name : "PostgreSQL";
        foreach (var path in new[] { queue, atIngest })
        {
            var store = postgres is null ? BenchStore.Sqlite : await postgres.NewStoreAsync("rules_" + path.Name, cancellationToken).ConfigureAwait(false);
            // Issue 20 item 3: a run with a 1-minute load above 1.5 is marked noisy, not quoted as quiet.
            var noisy = RunLoad.AfterSettling() > RunLoad.NoisyAbove;
            var load = Machine.LoadAverage();
            Console.Error.WriteLine($"[rules] {path.Title}; load average {load}");
            report.Add(string.Create(i, $"Load average before the {path.Name} run (1, 5, 15 min): {load}.{(noisy ? " NOISY (above 1.5): compare the ratios, not the figures." : "")}"));
            report.AddRange(await RunPathAsync(settings, path, store, cancellationToken).ConfigureAwait(false));
            report.Add("");
        }

        report.AddRange(
        [
            string.Create(i, $"### Rules on {storeName}: at ingest against the queue, same run, {settings.RuleBackgroundRate:N0} background readings/s"),
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
