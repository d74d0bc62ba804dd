namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Telemetry history kept within bounds (issue 17 item 6): raw readings rolled up into minute and hour buckets, and
/// each resolution deleted after its own retention. Every call does one short unit of work, at most
/// <c>batchSize</c> rows in its own transaction, so that the caller counts batches and ingest never waits long.
/// SQLite deletes rows in batches; PostgreSQL drops whole day partitions and deletes the rest in batches.
/// </summary>
internal interface ITelemetryHistoryStore
{
    /// <summary>
    /// Merges up to <paramref name="batchSize"/> raw readings not rolled up yet into their minute and hour buckets.
    /// A reading is merged exactly once, even when it arrives after its bucket was first rolled up, and even across
    /// a crash at any point (the progress is recorded with the merge).
    /// </summary>
    /// <returns>The readings merged; 0 when every stored reading is rolled up.</returns>
    Task<int> RollUpAsync(int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> raw readings older than <paramref name="cutoff"/> that are rolled up.</summary>
    /// <returns>
    /// The readings deleted; 0 when none is left to delete. More than <paramref name="batchSize"/> when a whole
    /// partition went at once (PostgreSQL); the caller goes on while it gets at least <paramref name="batchSize"/>.
    /// </returns>
    Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="batchSize"/> buckets of <paramref name="resolution"/> that end at or before <paramref name="cutoff"/> (wholly older than it).</summary>
    Task<int> DeleteRollupsBeforeAsync(TelemetryResolution resolution, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the space of the rows this pass deleted reusable by the next readings now, not at the database's own pace,
    /// so that the store's size stays at about the retention's size however short the retention is. Called once per
    /// retention pass that rolled up or deleted readings; <paramref name="now"/> and <paramref name="rawCutoff"/> are
    /// the pass's.
    /// </summary>
    Task ReclaimSpaceAsync(DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken);

    /// <summary>The asset's buckets of <paramref name="resolution"/> from <paramref name="from"/> on, the latest <paramref name="maxPerMetric"/> per metric, ordered by metric and time.</summary>
    Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string assetId, TelemetryResolution resolution, DateTimeOffset from, int maxPerMetric, CancellationToken cancellationToken);
}
