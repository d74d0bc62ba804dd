using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Adapters.Files.Csv;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Bench.Import;

/// <summary>
/// Where an import's time goes, with the hub's own parts called one stage at a time over the same file: the hub's
/// CSV reader alone, then with the mapping, then the store's <see cref="IHubStore.ApplyAsync"/> (entity JSON and
/// upserts) on what was mapped, on SQLite or on PostgreSQL. Not the measured import: a diagnostic beside it. Each stage
/// reports its wall time and the process's CPU time (user + system): on a machine shared with other work the CPU time
/// is the steadier of the two, and the gap between them is waiting (for the CPU, the disk's fsync, the server).
/// </summary>
internal static class ImportStages
{
    public static async Task<IReadOnlyList<string>> RunAsync(
        string export, string dataFolder, string mappingsFolder, string? postgres, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(
            dataFolder, mappingsFolder, withAdapters: false, cancellationToken, HubStoreSettings.With(postgres)).ConfigureAwait(false);
        var mapper = provider.GetRequiredService<RecordMapper>();
        var store = provider.GetRequiredService<IHubStore>();
        var mapping = provider.GetRequiredService<HubMappings>().Catalog.Mappings.Single(m => m.Target == EntityKind.SalesOrder && m.File is not null);
        var binding = new FileSourceBinding(mapping.Source, mapping.File!.Match, mapping.File.Encoding, mapping.File.Delimiter);
        var options = provider.GetRequiredService<IOptions<FileDropOptions>>().Value;
        var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(export), TimeSpan.Zero);

        // The reader runs twice and the second run counts, so that its figure is not JIT compilation.
        long rows = 0;
        var read = default(Spent);
        for (var pass = 0; pass < 2; pass++)
        {
            rows = 0;
            read = await TimeAsync(async () =>
            {
                await foreach (var chunk in CsvFileReader.ReadAsync(export, binding, options.BatchSize, receivedAt, cancellationToken).ConfigureAwait(false))
                {
                    rows += chunk.Records.Count;
                }
            }).ConfigureAwait(false);
        }

        var changes = new List<IReadOnlyList<CanonicalChange>>();
        var readMap = await TimeAsync(async () =>
        {
            await foreach (var chunk in CsvFileReader.ReadAsync(export, binding, options.BatchSize, receivedAt, cancellationToken).ConfigureAwait(false))
            {
                changes.Add(mapper.Map(chunk.Records).Changes);
            }
        }).ConfigureAwait(false);

        var json = await TimeAsync(() =>
        {
            foreach (var change in changes.SelectMany(c => c))
            {
                EntityJson.Serialize(change.Entity);
            }

            return Task.CompletedTask;
        }).ConfigureAwait(false);

        var apply = await TimeAsync(async () =>
        {
            foreach (var batch in changes)
            {
                await store.ApplyAsync(batch, [], cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var again = await TimeAsync(async () =>
        {
            foreach (var batch in changes)
            {
                await store.ApplyAsync(batch, [], cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var i = CultureInfo.InvariantCulture;
        var storeType = postgres is null ? "SqliteHubStore" : "PostgreSqlHubStore";
        string Row(string stage, Spent spent) => string.Create(i,
            $"| {stage} | {spent.Wall * 1e6 / rows:0.0} | {spent.Cpu * 1e6 / rows:0.0} | {rows / spent.Wall:N0} |");
        return
        [
            string.Create(i, $"Where an import's time goes on {HubStoreSettings.Name(postgres)} (one process, {rows:N0} rows, µs per row, batches of {options.BatchSize:N0}; load average {Machine.LoadAverage()}):"),
            "",
            "| stage | µs/row (wall) | µs/row (CPU) | rows/s |",
            "|---|---:|---:|---:|",
            Row("hub CSV reader alone (FileInspector + CsvFileReader → SourceRecord)", read),
            Row("reader + mapping (RecordMapper.Map)", readMap),
            string.Create(i, $"| of which the mapping | {(readMap.Wall - read.Wall) * 1e6 / rows:0.0} | {(readMap.Cpu - read.Cpu) * 1e6 / rows:0.0} | |"),
            Row("EntityJson.Serialize alone", json),
            Row($"{storeType}.ApplyAsync, new rows (JSON + upserts + commit)", apply),
            Row($"{storeType}.ApplyAsync, same rows again (no-op upserts)", again),
        ];
    }

    private static async Task<Spent> TimeAsync(Func<Task> action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await action().ConfigureAwait(false);
        return new Spent(Stopwatch.GetElapsedTime(started).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Seconds a stage took, on the clock and of the process's CPU.</summary>
    private readonly record struct Spent(double Wall, double Cpu);
}
