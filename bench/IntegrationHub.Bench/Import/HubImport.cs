using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using IntegrationHub.Hub.Host.Modules.Files;

namespace IntegrationHub.Bench.Import;

/// <summary>
/// The hub's own import of an export into a fresh data folder, composed as <c>hub run</c> composes it
/// (AddHubCore + AddHubAdapters: FileDropWatcher, StoringChunkSink, RecordMapper with the demo mappings, SqliteHubStore on
/// SQLite, or PostgreSqlHubStore when a connection string to a fresh database is given), with one inbox scan driven
/// directly instead of the polling hosted service.
/// </summary>
internal static class HubImport
{
    public static async Task<TaskMeasurement> RunAsync(
        string export, string dataFolder, string mappingsFolder, string? postgres, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(
            dataFolder, mappingsFolder, withAdapters: true, cancellationToken,
            HubStoreSettings.With(postgres, new Dictionary<string, string?> { ["Hub:Files:StableFor"] = "00:00:00" }))
            .ConfigureAwait(false);
        var options = provider.GetRequiredService<HubOptions>();
        var inbox = options.Resolve(provider.GetRequiredService<IOptions<FileDropOptions>>().Value.Inbox);
        Directory.CreateDirectory(inbox);
        File.Copy(export, Path.Combine(inbox, Path.GetFileName(export)));
        var watcher = provider.GetRequiredService<FileDropWatcher>();

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var handled = await watcher.ScanOnceAsync(cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var peak = PeakMemory.OfThisProcessMiB();

        var counts = watcher.GetStatus().Counts;
        var stored = counts.GetValueOrDefault("rowsStored");
        var rejected = counts.GetValueOrDefault("rowsRejected");
        var orders = (await provider.GetRequiredService<IHubStore>().CountEntitiesAsync(cancellationToken).ConfigureAwait(false))[EntityKind.SalesOrder];
        if (handled != 1 || rejected != 0 || orders != stored)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The import did not go through: {handled} file(s) handled, {stored} rows stored, {rejected} rejected, {orders} orders in the store."));
        }

        if (postgres is not null)
        {
            return new TaskMeasurement("hub-import-postgresql", stored, seconds, peak, $"{orders} orders stored in PostgreSQL", cpuSeconds);
        }

        var database = options.Resolve(options.Store.SqlitePath);
        var bytes = new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return new TaskMeasurement("hub-import", stored, seconds, peak,
            string.Create(CultureInfo.InvariantCulture, $"{orders} orders stored, database with WAL {bytes / 1048576.0:0.0} MiB"), cpuSeconds);
    }
}
