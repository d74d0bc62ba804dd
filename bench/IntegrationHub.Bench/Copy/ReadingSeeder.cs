using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench.Copy;

/// <summary>
/// Adds telemetry readings to an existing SQLite store through the hub's own <see cref="IHubStore.ApplyAsync"/>, as the
/// telemetry adapter's sink writes them: 50 machines with 4 metrics each, one reading a second per metric, going
/// back from now, in batches of 5,000 (one transaction each). Every reading is then rolled up and the rolled-up ones
/// are older than a day, as on a site that has run for a while (the copy carries rollups and the rollup mark too).
/// </summary>
internal static class ReadingSeeder
{
    private const int Batch = 5_000;
    private static readonly string[] Metrics = ["temperature", "pressure", "speed", "vibration"];

    /// <summary>Reading number <paramref name="n"/> of the seeded machines and metrics, as the telemetry adapter stores one.</summary>
    public static CanonicalChange Reading(int n, DateTimeOffset at) => new(new AssetMetric
    {
        AssetId = string.Create(CultureInfo.InvariantCulture, $"EQ-{n % (Metrics.Length * 50) / Metrics.Length + 1:000}"),
        Metric = Metrics[n % Metrics.Length],
        Value = Math.Round(20m + (n % 997) / 10m, 1),
        Unit = "u",
        Timestamp = at,
    }, new SourceStamp("plant-telemetry", at));

    public static async Task<TaskMeasurement> RunAsync(string dataFolder, int count, CancellationToken cancellationToken)
    {
        await using var provider = HubServices.Build(new Dictionary<string, string?> { ["Hub:DataFolder"] = dataFolder }, withAdapters: false);
        await HubStartup.PrepareAsync(provider, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var store = provider.GetRequiredService<IHubStore>();
        var history = provider.GetRequiredService<ITelemetryHistoryStore>();

        var series = Metrics.Length * 50;
        var newest = TimeProvider.System.GetUtcNow().AddDays(-2);
        var started = Stopwatch.GetTimestamp();
        var batch = new List<CanonicalChange>(Batch);
        for (var i = 0; i < count; i++)
        {
            batch.Add(Reading(i, newest.AddSeconds(-(count / series) + (i / series))));
            if (batch.Count == Batch || i == count - 1)
            {
                await store.ApplyAsync(batch, [], cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        var stored = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long rolledUp = 0;
        for (int merged; (merged = await history.RollUpAsync(20_000, cancellationToken).ConfigureAwait(false)) > 0;)
        {
            rolledUp += merged;
        }

        return new TaskMeasurement("seed-readings", count, stored, PeakMemory.OfThisProcessMiB(), string.Create(CultureInfo.InvariantCulture,
            $"{rolledUp:N0} rolled up afterwards in {Stopwatch.GetElapsedTime(started).TotalSeconds - stored:0.0} s"));
    }
}
