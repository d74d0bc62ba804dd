namespace IntegrationHub.Adapters.Sql;

/// <summary>Where polled rows go. The hub maps them and stores them with the watermark in one transaction.</summary>
public interface ISqlBatchSink
{
    /// <summary>The watermark stored for <paramref name="source"/>, or null before its first batch.</summary>
    Task<string?> LoadWatermarkAsync(string source, CancellationToken cancellationToken);

    /// <summary>Stores the batch's rows and its watermark atomically; when it returns, both are durable.</summary>
    Task StoreAsync(SqlBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Readies a batch for <see cref="StorePreparedAsync"/> without touching the store (the hub maps its rows here).
    /// The poller calls it on the reading side, one batch at a time, while the batch before is being stored, so that
    /// the work overlaps (issue 17, "Benchmarks"). By default the batch is kept as it is.
    /// </summary>
    PreparedSqlBatch Prepare(SqlBatch batch) => new(batch, null);

    /// <summary>Stores a batch made by <see cref="Prepare"/> with its watermark atomically, as <see cref="StoreAsync"/> does.</summary>
    Task StorePreparedAsync(PreparedSqlBatch batch, CancellationToken cancellationToken) => StoreAsync(batch.Batch, cancellationToken);

    /// <summary>The keys of the source's rows whose effect the store still holds as this source's.</summary>
    Task<IReadOnlyCollection<string>> LoadStoredKeysAsync(string source, CancellationToken cancellationToken);

    /// <summary>Removes what the source's rows with these keys made, unless another source has written it since; returns how much.</summary>
    Task<int> DeleteAsync(string source, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
}
