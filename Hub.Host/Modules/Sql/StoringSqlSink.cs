using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.Logging;
using IntegrationHub.Hub.Host.Pipeline;

namespace IntegrationHub.Hub.Host.Modules.Sql;

/// <summary>
/// Where polled rows go: mapped like CSV rows, then stored with their dead letters and the source's watermark in one
/// transaction, so that a crash never leaves the watermark ahead of the rows it covers.
/// </summary>
internal sealed class StoringSqlSink(RecordMapper mapper, IHubStore store, ILogger<StoringSqlSink> logger) : ISqlBatchSink
{
    public Task<string?> LoadWatermarkAsync(string source, CancellationToken cancellationToken) =>
        store.GetPollWatermarkAsync(source, cancellationToken);

    public async Task<IReadOnlyCollection<string>> LoadStoredKeysAsync(string source, CancellationToken cancellationToken) =>
        (await store.GetEntitiesOfSourceAsync(source, cancellationToken).ConfigureAwait(false))
            .Select(e => SqlRowReference.KeyOf(source, e.SourceRef))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    public async Task<int> DeleteAsync(string source, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        // Listed again rather than kept from LoadStoredKeysAsync: rows are rarely gone, and a kept listing would hold
        // every entity of the source in memory until the next check.
        var gone = keys as IReadOnlySet<string> ?? keys.ToHashSet(StringComparer.Ordinal);
        var entities = (await store.GetEntitiesOfSourceAsync(source, cancellationToken).ConfigureAwait(false))
            .Where(e => SqlRowReference.KeyOf(source, e.SourceRef) is { } key && gone.Contains(key))
            .ToList();
        return await store.DeleteEntitiesAsync(entities, cancellationToken).ConfigureAwait(false);
    }

    public Task StoreAsync(SqlBatch batch, CancellationToken cancellationToken) =>
        StorePreparedAsync(Prepare(batch), cancellationToken);

    /// <summary>Maps the rows: the poller calls this while the batch before is being stored (issue 17, "Benchmarks").</summary>
    public PreparedSqlBatch Prepare(SqlBatch batch) => new(batch, mapper.Map(batch.Records));

    public async Task StorePreparedAsync(PreparedSqlBatch batch, CancellationToken cancellationToken)
    {
        var mapped = batch.State as MappedBatch
            ?? throw new ArgumentException($"The batch of {batch.Batch.Source} up to {batch.Batch.Watermark} was not prepared by this sink.", nameof(batch));
        var deadLetters = mapped.Failures.Select(f => f.Letter).ToList();
        // The lease's fence (issue 18 item 1) flows from the poll's work into its storing side with the execution context.
        await store.ApplyAsync(mapped.Changes, deadLetters, new PollWatermark(batch.Batch.Source, batch.Batch.Watermark) { Fence = LeaseFence.Current }, cancellationToken)
            .ConfigureAwait(false);
        if (deadLetters.Count > 0)
        {
            HubLog.DeadLettered(logger, batch.Batch.Source, deadLetters.Count, "query up to watermark " + batch.Batch.Watermark);
        }
    }
}
