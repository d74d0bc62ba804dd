using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.DependencyInjection;
using IntegrationHub.Hub.Host.Modules.Sql;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// The hub's own database polling of the same rows into a fresh data folder, composed as <c>hub run</c> composes it
/// (AddHubCore + AddHubAdapters: SqlSourcePoller on Npgsql, StoringSqlSink, RecordMapper with the simulator's
/// erp-db-orders mapping, SqliteHubStore on SQLite or PostgreSqlHubStore in a fresh database, each batch stored with
/// its watermark), one poll driven directly.
/// </summary>
internal static class HubSqlPoll
{
    public static async Task<TaskMeasurement> RunAsync(
        string connectionString, string dataFolder, string mappingsFolder, string? postgresStore, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(
            dataFolder, mappingsFolder, withAdapters: true, cancellationToken, HubStoreSettings.With(postgresStore, new Dictionary<string, string?>
            {
                ["Hub:Sql:Sources:0:Name"] = "erp-db-orders",
                ["Hub:Sql:Sources:0:Provider"] = "Npgsql",
                ["Hub:Sql:Sources:0:ConnectionString"] = connectionString,
                ["Hub:Sql:Sources:0:Query"] = SqlBenchmark.Query,
                ["Hub:Sql:Sources:0:KeyColumn"] = "order_no",
                ["Hub:Sql:Sources:0:WatermarkColumn"] = "updated_at",
                ["Hub:Sql:Sources:0:WatermarkKind"] = "Timestamp",
            })).ConfigureAwait(false);
        var poller = provider.GetRequiredService<AdapterRunner<SqlSourcePoller>>().Adapters.Single();

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var stored = await poller.PollOnceAsync(cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var peak = PeakMemory.OfThisProcessMiB();

        // SQLite maps the database file (mmap_size): its pages count in RSS but are the kernel's page cache, which
        // it takes back under pressure; the anonymous part is the process's own heap.
        var anonymous = PeakMemory.OfProcessMiB("self", "RssAnon:");
        var fileBacked = PeakMemory.OfProcessMiB("self", "RssFile:");

        var orders = (await provider.GetRequiredService<IHubStore>().CountEntitiesAsync(cancellationToken).ConfigureAwait(false))[EntityKind.SalesOrder];
        var deadLetters = poller.GetStatus().Counts["rowsRead"] - orders;
        if (orders != stored || deadLetters != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The poll did not go through: {stored} rows stored, {orders} orders in the store, {poller.GetStatus().Counts["rowsRead"]} rows read."));
        }

        return new TaskMeasurement(postgresStore is null ? "hub-sql-poll" : "hub-sql-poll-postgresql", stored, seconds, peak,
            string.Create(CultureInfo.InvariantCulture,
                $"{orders} orders stored, watermark {poller.WatermarkText}; RSS at the end {anonymous:0} MiB anonymous (heap) + {fileBacked:0} MiB file-backed (mapped database and binaries)"), cpuSeconds);
    }
}
