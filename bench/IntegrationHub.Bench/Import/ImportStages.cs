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

namespace IntegrationHub.Bench.Import;

/// <summary>
/// Where an import's time goes, with the hub's own parts called one stage at a time over the same file: the hub's
/// CSV reader alone, then with the mapping, then the store's <see cref="IHubStore.ApplyAsync"/> (entity JSON and
/// upserts) on what was mapped. Not the measured import: a diagnostic beside it.
/// </summary>
internal static class ImportStages
{
    public static async Task<IReadOnlyList<string>> RunAsync(string export, string dataFolder, string mappingsFolder, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(dataFolder, mappingsFolder, withAdapters: false, cancellationToken).ConfigureAwait(false);
        var mapper = provider.GetRequiredService<RecordMapper>();
        var store = provider.GetRequiredService<IHubStore>();
        var mapping = provider.GetRequiredService<HubMappings>().Catalog.Mappings.Single(m => m.Target == EntityKind.SalesOrder && m.File is not null);
        var binding = new FileSourceBinding(mapping.Source, mapping.File!.Match, mapping.File.Encoding, mapping.File.Delimiter);
        var options = provider.GetRequiredService<HubOptions>().Files;
        var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(export), TimeSpan.Zero);

        // The reader runs twice and the second run counts, so that its figure is not JIT compilation.
        long rows = 0;
        var read = 0.0;
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
        string Us(double seconds) => (seconds * 1e6 / rows).ToString("0.0", i);
        return
        [
            string.Create(i, $"Where an import's time goes (one process, {rows:N0} rows, µs per row, batches of {options.BatchSize:N0}):"),
            "",
            "| stage | µs/row | rows/s |",
            "|---|---:|---:|",
            string.Create(i, $"| hub CSV reader alone (CsvFileReader → SourceRecord) | {Us(read)} | {rows / read:N0} |"),
            string.Create(i, $"| reader + mapping (RecordMapper.Map) | {Us(readMap)} | {rows / readMap:N0} |"),
            string.Create(i, $"| of which the mapping | {Us(readMap - read)} | |"),
            string.Create(i, $"| EntityJson.Serialize alone | {Us(json)} | {rows / json:N0} |"),
            string.Create(i, $"| SqliteHubStore.ApplyAsync, new rows (JSON + upserts + commit) | {Us(apply)} | {rows / apply:N0} |"),
            string.Create(i, $"| SqliteHubStore.ApplyAsync, same rows again (no-op upserts) | {Us(again)} | {rows / again:N0} |"),
        ];
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
