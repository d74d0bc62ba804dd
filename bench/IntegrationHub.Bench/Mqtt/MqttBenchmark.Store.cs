using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>Issue 17's MQTT benchmark: the same telemetry adapter in <c>hub run</c> on the PostgreSQL store and on SQLite.</summary>
internal static partial class MqttBenchmark
{
    /// <summary>
    /// <see cref="BenchSettings.MqttAdapterMessages"/> QoS 1 readings (200,000) into a fresh <c>hub run</c> per store
    /// and round, each hub first warmed with <see cref="BenchSettings.MqttAdapterWarmup"/> messages of another day
    /// (as in the mqtt benchmark: a hub in service is past its JIT's first seconds); rounds alternate which store goes
    /// first, and the ratio PostgreSQL / SQLite of readings/s is taken within each round (aim >= 0.8).
    /// </summary>
    public static async Task<IReadOnlyList<string>> StoreComparisonAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "mqtt-store");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var messages = Path.Combine(folder, "messages-adapter.txt");
        var meanBytes = await TelemetryPayloads.WriteAsync(messages, settings.MqttAdapterMessages, cancellationToken).ConfigureAwait(false);
        string? warmup = null;
        if (settings.MqttAdapterWarmup > 0)
        {
            warmup = Path.Combine(folder, "messages-warmup.txt");
            await TelemetryPayloads.WriteAsync(warmup, settings.MqttAdapterWarmup, cancellationToken, day: 21).ConfigureAwait(false);
        }

        var kinds = BenchStore.Kinds(settings.Store, "both");
        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        await using var postgres = kinds.Contains("postgresql") ? await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false) : null;
        var postgresSettings = postgres is null ? null : await postgres.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<(SubscriberRun Run, string Load)>();
        for (var round = 1; round <= settings.MqttRounds; round++)
        {
            // Which store goes first alternates, so that neither always follows the other's leftovers (page cache, load).
            foreach (var kind in round % 2 == 1 ? kinds : kinds.Reverse())
            {
                var store = kind == "postgresql"
                    ? await postgres!.NewStoreAsync(string.Create(CultureInfo.InvariantCulture, $"r{round}"), cancellationToken).ConfigureAwait(false)
                    : BenchStore.Sqlite;
                var load = RunLoad.Mark(RunLoad.AfterSettling());
                var run = await AdapterAsync(settings, broker, 1, round, messages, warmup, folder, cancellationToken, store).ConfigureAwait(false) with { Round = round };
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[mqtt-store] round {round} {store.Name}: {run.Received:N0}/{run.Sent:N0} in {run.Seconds:0.000} s = {run.PerSecond:N0}/s, hub CPU {run.HubCpuSeconds:0.0} s, backends {run.BackendCpuSeconds:0.0} s, load {load}{(run.Note is null ? "" : "; " + run.Note)}"));
                runs.Add((run, load));
            }
        }

        return StoreReport(settings, meanBytes, postgresSettings, runs);
    }

    private static List<string> StoreReport(BenchSettings settings, double meanBytes, string? postgresSettings, IReadOnlyList<(SubscriberRun Run, string Load)> runs)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### MQTT adapter on PostgreSQL vs SQLite: {settings.MqttAdapterMessages:N0} QoS 1 readings of about {meanBytes:0} bytes, `hub run`, {settings.MqttRounds} round(s)"),
            "",
            string.Create(i, $"One fresh `hub run` per store and round (SQLite: a fresh data folder; PostgreSQL: a fresh database on the benchmark's own cluster), subscribed before the first publish; {(settings.MqttAdapterWarmup > 0 ? string.Create(i, $"each first stores {settings.MqttAdapterWarmup:N0} warm-up messages of another day, then") : "from a cold start (--adapter-warmup 0):")} timed from the first publish (MQTT.js, QoS 1, {PublisherInflight} in flight) until /health counts every reading stored. Rounds alternate which store goes first."),
            postgresSettings is null ? "" : "PostgreSQL: " + postgresSettings + " (durability on, as on a site; SQLite syncs its WAL at every commit).",
            "",
            "| round | store | stored / sent | seconds | readings/s | hub CPU s | PostgreSQL backends CPU s | CPU µs per reading (hub + backends) | peak RSS MiB | publisher messages/s | load before | note |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ];
        foreach (var (run, load) in runs)
        {
            var cpu = run.HubCpuSeconds + (double.IsNaN(run.BackendCpuSeconds) ? 0 : run.BackendCpuSeconds);
            lines.Add(string.Create(i,
                $"| {run.Round} | {run.Store} | {run.Received:N0} / {run.Sent:N0} | {run.Seconds:0.000} | {run.PerSecond:N0} | {run.HubCpuSeconds:0.00} | {(double.IsNaN(run.BackendCpuSeconds) ? "" : run.BackendCpuSeconds.ToString("0.00", i))} | {cpu * 1e6 / Math.Max(1, run.Received):0.0} | {run.PeakMiB:0.0} | {run.PublisherPerSecond:N0} | {load} | {run.Note} |"));
        }

        lines.Add("");
        var ratio = RoundRatio.Of(
            runs.Where(r => r.Run.Store == "PostgreSQL").Select(r => r.Run), runs.Where(r => r.Run.Store == "SQLite").Select(r => r.Run), r => r.Round, r => r.PerSecond);
        if (ratio.PerRound.Count > 0)
        {
            lines.Add(string.Create(i,
                $"**PostgreSQL / SQLite {ratio.Describe()}** (median of the per-round ratios; aim >= 0.8: {(ratio.Median >= 0.8 ? "met" : "missed")})."));
        }

        lines.Add("CPU s: /proc's user + system time over the timed window: the hub process, and on PostgreSQL the backends of the hub's pooled connections (not the WAL writer, checkpointer or autovacuum). The publisher shares the cores: where both stores run near its rate, it was the bound.");
        if (runs.Any(r => r.Run.Received < r.Run.Sent))
        {
            lines.Add("**WARNING: a hub did not store every reading; its figures are suspect (see the notes).**");
        }

        return lines;
    }
}
