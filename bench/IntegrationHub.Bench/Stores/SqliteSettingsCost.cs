using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Copy;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench.Stores;

/// <summary>
/// The speed cost of issue 17's memory bound on SQLite connections (a 2 MiB page cache each, SQLite's soft heap limit,
/// no memory-mapped database), in one process and one run against the settings before it (32 MiB cache, 1 GiB mapped,
/// no limit): readings stored through <see cref="IHubStore.ApplyAsync"/> in the telemetry sink's batches, rolled up and
/// deleted by the history store as a retention pass does, each variant on a fresh database, rounds alternating.
/// </summary>
internal static class SqliteSettingsCost
{
    private const int Batch = 500;
    private const int Rounds = 2;

    public static async Task<IReadOnlyList<string>> RunAsync(string workFolder, int readings, CancellationToken cancellationToken)
    {
        var results = new Dictionary<bool, List<(double Store, double RollUp, double Delete)>> { [false] = [], [true] = [] };
        var loads = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // The 1-minute load average before each round (issue 20 item 3): above 1.5 the round is NOISY.
            loads.Add(RunLoad.AfterSettling());
            foreach (var before in new[] { false, true })
            {
                var folder = Path.Combine(workFolder, string.Create(CultureInfo.InvariantCulture, $"sqlite-settings-{round}-{(before ? "before" : "bounded")}"));
                var result = await OneAsync(folder, readings, before, cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[retention] SQLite settings {(before ? "before the bound" : "bounded")}, round {round + 1}: store {result.Store:0.0} µs/reading, roll-up {result.RollUp:0.0}, delete {result.Delete:0.0}, load {Machine.LoadAverage()}"));
                results[before].Add(result);
                Directory.Delete(folder, recursive: true);
            }
        }

        var i = CultureInfo.InvariantCulture;
        var bounded = results[false];
        var old = results[true];
        return
        [
            string.Create(i, $"Speed cost of the bounded SQLite connections, in-process, {readings:N0} readings per variant and round (50 machines x 4 metrics, batches of {Batch} through ApplyAsync, then rolled up and deleted by the history store), {Rounds} rounds alternating, wall µs per reading (median of rounds; the ratio is the median of the per-round ratios). Load average (1 min) before each round: {string.Join(", ", loads.Select(RunLoad.Mark))}."),
            "",
            "| step | bounded (2 MiB cache, soft heap limit 8 MiB, no mapping) | before (32 MiB cache, 1 GiB mapped) | ratio bounded / before |",
            "|---|---:|---:|---:|",
            Row("store (ApplyAsync)", bounded.Select(r => r.Store), old.Select(r => r.Store)),
            Row("roll-up (RollUpAsync, 20,000 a batch)", bounded.Select(r => r.RollUp), old.Select(r => r.RollUp)),
            Row("raw delete (DeleteRawBeforeAsync, 20,000 a batch)", bounded.Select(r => r.Delete), old.Select(r => r.Delete)),
            "",
        ];

        string Row(string name, IEnumerable<double> a, IEnumerable<double> b)
        {
            var x = a.ToList();
            var y = b.ToList();
            return string.Create(i, $"| {name} | {Stats.Median(x):0.0} | {Stats.Median(y):0.0} | **{RoundRatio.Of(x.Zip(y, (p, q) => p / q)).Describe()}** |");
        }
    }

    private static async Task<(double Store, double RollUp, double Delete)> OneAsync(string folder, int readings, bool before, CancellationToken cancellationToken)
    {
        SqliteConnection.ClearAllPools();
        await using var provider = HubServices.Build(new Dictionary<string, string?> { ["Hub:DataFolder"] = folder }, withAdapters: false);
        await HubStartup.PrepareAsync(provider, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var store = provider.GetRequiredService<IHubStore>();
        var history = provider.GetRequiredService<ITelemetryHistoryStore>();
        var connections = provider.GetRequiredService<IStoreConnectionFactory>();
        await SetAsync(connections, before
            ? "PRAGMA cache_size=-32768; PRAGMA mmap_size=1073741824; PRAGMA soft_heap_limit=0"
            : string.Create(CultureInfo.InvariantCulture, $"PRAGMA soft_heap_limit={SqliteConnectionFactory.SoftHeapLimitBytes}"), cancellationToken).ConfigureAwait(false);

        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var started = Stopwatch.GetTimestamp();
        var batch = new List<CanonicalChange>(Batch);
        for (var n = 0; n < readings; n++)
        {
            batch.Add(ReadingSeeder.Reading(n, start.AddTicks(n * TimeSpan.TicksPerMillisecond)));
            if (batch.Count == Batch)
            {
                await store.ApplyAsync(batch, [], cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        var stored = Stopwatch.GetElapsedTime(started).TotalMicroseconds / readings;
        started = Stopwatch.GetTimestamp();
        while (await history.RollUpAsync(20_000, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        var rolledUp = Stopwatch.GetElapsedTime(started).TotalMicroseconds / readings;
        started = Stopwatch.GetTimestamp();
        var cutoff = TimeProvider.System.GetUtcNow().AddMinutes(1);
        while (await history.DeleteRawBeforeAsync(cutoff, 20_000, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        var deleted = Stopwatch.GetElapsedTime(started).TotalMicroseconds / readings;
        SqliteConnection.ClearAllPools();
        return (stored, rolledUp, deleted);
    }

    /// <summary>Runs <paramref name="pragmas"/> on as many pooled connections as the steps may use, held open together.</summary>
    public static async Task SetAsync(IStoreConnectionFactory connections, string pragmas, CancellationToken cancellationToken)
    {
        var pooled = new List<DbConnection>();
        try
        {
            for (var n = 0; n < 8; n++)
            {
                var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
                pooled.Add(connection);
                await using var command = connection.CreateCommand();
                command.CommandText = pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var connection in pooled)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
