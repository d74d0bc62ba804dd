using IntegrationHub.Adapters.Sql;
using IntegrationHub.Hub.Host.Pipeline;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// A stage of the poll without a store (issue 17, "Benchmarks": where the poller's own CPU goes): the batches are
/// dropped once read (<paramref name="mapper"/> null) or once mapped by the hub's mapper on the reading side.
/// </summary>
internal sealed class StageSink(RecordMapper? mapper) : ISqlBatchSink
{
    public long Rows { get; private set; }

    public long Changes { get; private set; }

    public Task<string?> LoadWatermarkAsync(string source, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task StoreAsync(SqlBatch batch, CancellationToken cancellationToken) => StorePreparedAsync(Prepare(batch), cancellationToken);

    public PreparedSqlBatch Prepare(SqlBatch batch) => new(batch, mapper?.Map(batch.Records));

    public Task StorePreparedAsync(PreparedSqlBatch batch, CancellationToken cancellationToken)
    {
        Rows += batch.Batch.Records.Count;
        Changes += (batch.State as MappedBatch)?.Changes.Count ?? 0;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> LoadStoredKeysAsync(string source, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A stage has no deleted-row check.");

    public Task<int> DeleteAsync(string source, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A stage has no deleted-row check.");
}
