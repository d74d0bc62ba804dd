using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Portal;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// Where a lookup's time goes, with the hub's own parts called one at a time, single-threaded, over the seeded store:
/// opening a pooled connection, the snapshot query, the progress computation and the JSON answer. A diagnostic beside
/// the wrk figures, not a replacement for them.
/// </summary>
internal static class LookupStages
{
    private const int Calls = 5_000;

    /// <summary>
    /// The stages on the store the process's environment names (<c>Hub__Store__Provider</c> and
    /// <c>Hub__Store__ConnectionString</c>, as <see cref="Stores.BenchStore.ApplyTo"/> gives them): SQLite unless told.
    /// On PostgreSQL, only the store's calls and the hub's own work (issue 17: where a lookup's time goes there).
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(string dataFolder, string orderListPath, CancellationToken cancellationToken)
    {
        var postgres = Environment.GetEnvironmentVariable("Hub__Store__Provider") == "postgresql"
            ? Environment.GetEnvironmentVariable("Hub__Store__ConnectionString")
            : null;
        await using var provider = HubServices.Build(HubStoreSettings.With(postgres, new Dictionary<string, string?> { ["Hub:DataFolder"] = dataFolder }), withAdapters: false);
        await HubStartup.PrepareAsync(provider, requireMappings: false, cancellationToken).ConfigureAwait(false);
        var store = provider.GetRequiredService<IHubStore>();
        var orders = await File.ReadAllLinesAsync(orderListPath, cancellationToken).ConfigureAwait(false);
        var random = new Random(11);
        var now = TimeProvider.System.GetUtcNow();
        var name = HubStoreSettings.Name(postgres);

        OrderSnapshot? snapshot = null;
        var query = await PerCallAsync(async () =>
            snapshot = await store.GetOrderSnapshotAsync(orders[random.Next(orders.Length)], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        var unknown = await PerCallAsync(async () =>
            await store.GetOrderSnapshotAsync("SO-1999-0101-" + random.Next(1000).ToString("000", CultureInfo.InvariantCulture), cancellationToken)
                .ConfigureAwait(false)).ConfigureAwait(false);

        OrderProgress? progress = null;
        var compute = await PerCallAsync(() =>
        {
            progress = OrderProgressCalculator.Compute(snapshot!, now);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var json = await PerCallAsync(() =>
        {
            JsonSerializer.SerializeToUtf8Bytes(progress!, PortalJsonContext.Default.OrderProgress);
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var hash = await PerCallAsync(() =>
        {
            PortalTokens.Hash("hubp_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG");
            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"Where a lookup's time goes on {name} (the hub's parts called directly, one thread, mean of {Calls:N0} calls after a warm-up):"),
            "",
            "| step | µs/call |",
            "|---|---:|",
            string.Create(i, $"| {name}: GetOrderSnapshotAsync, known order (a pooled connection, the query, the entities' JSON) | {query:0.0} |"),
            string.Create(i, $"| {name}: GetOrderSnapshotAsync, unknown order | {unknown:0.0} |"),
            string.Create(i, $"| OrderProgressCalculator.Compute | {compute:0.0} |"),
            string.Create(i, $"| OrderProgress to JSON (PortalJsonContext) | {json:0.0} |"),
            string.Create(i, $"| PortalTokens.Hash (SHA-256 of the token; done per request) | {hash:0.0} |"),
        ];
        if (postgres is null)
        {
            lines.AddRange(await SqliteStagesAsync(provider, store, orders, snapshot!, cancellationToken).ConfigureAwait(false));
        }

        return lines;
    }

    /// <summary>
    /// SQLite only: the pooled connection's open, the entities' JSON, the plan, and the snapshot query again on
    /// connections with the settings before issue 17's memory bound (32 MiB page cache, the database memory-mapped):
    /// the cost of the bound, in the same run.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SqliteStagesAsync(
        IServiceProvider provider, IHubStore store, string[] orders, OrderSnapshot snapshot, CancellationToken cancellationToken)
    {
        var connections = provider.GetRequiredService<IStoreConnectionFactory>();
        var random = new Random(13);
        var open = await PerCallAsync(async () =>
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var bounded = await PerCallAsync(async () =>
            await store.GetOrderSnapshotAsync(orders[random.Next(orders.Length)], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);

        // The pooled connections are shared by connection string: these settings stay on them, so this goes last.
        await Stores.SqliteSettingsCost.SetAsync(connections, "PRAGMA cache_size=-32768; PRAGMA mmap_size=1073741824", cancellationToken).ConfigureAwait(false);

        var unbounded = await PerCallAsync(async () =>
            await store.GetOrderSnapshotAsync(orders[random.Next(orders.Length)], cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        SqliteConnection.ClearAllPools();

        var bodies = new List<(EntityKind Kind, string Body)>();
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, body FROM entities WHERE order_no = '" + snapshot!.Order.OrderNo + "'";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                bodies.Add((Enum.Parse<EntityKind>(reader.GetString(0)), reader.GetString(1)));
            }
        }

        var deserialize = await PerCallAsync(() =>
        {
            foreach (var (kind, body) in bodies)
            {
                EntityJson.Deserialize(kind, body);
            }

            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var plan = await ExplainAsync(connections, cancellationToken).ConfigureAwait(false);
        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"| open + close a pooled SQLite connection (SqliteConnectionFactory.OpenAsync) | {open:0.0} |"),
            string.Create(i, $"| EntityJson.Deserialize of one order's {bodies.Count} stored entities | {deserialize:0.0} |"),
            string.Create(i, $"| SQLite: GetOrderSnapshotAsync, known order, again: the hub's connection settings ({SqliteConnectionFactory.CacheKiBPerConnection / 1024} MiB page cache, no mapping) | {bounded:0.0} |"),
            string.Create(i, $"| SQLite: GetOrderSnapshotAsync, known order, on connections set as before issue 17's memory bound (32 MiB page cache, 1 GiB mapped) | {unbounded:0.0} |"),
            string.Create(i, $"| **ratio bounded / before** | **{bounded / unbounded:0.00}** |"),
            "",
            "Query plan of the snapshot query: `" + plan + "`.",
        ];
    }

    private static async Task<double> PerCallAsync(Func<Task> call)
    {
        for (var n = 0; n < 200; n++)
        {
            await call().ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        for (var n = 0; n < Calls; n++)
        {
            await call().ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / Calls;
    }

    private static async Task<string> ExplainAsync(IStoreConnectionFactory connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteHubStore.OrderSnapshotsSql(["@o0"]);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@o0";
        parameter.Value = "SO-2025-0101-001";
        command.Parameters.Add(parameter);
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            steps.Add(reader.GetString(3));
        }

        return string.Join("; ", steps);
    }
}
