using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary>
/// A real <see cref="ITelemetryHistoryStore"/> beside a plant that never stops: after every roll-up batch that caught up
/// (came back short), <paramref name="ingest"/> stores a few new readings, as ingest does while the batch runs, so the
/// next batch always finds some. Stops doing so after <see cref="MaxIngests"/> so that a pass that chases them ends.
/// </summary>
internal sealed class LiveIngestHistoryStore(ITelemetryHistoryStore inner, Func<Task> ingest) : ITelemetryHistoryStore
{
    public const int MaxIngests = 200;

    private int _ingests;

    /// <summary>How many times the pass asked for a roll-up batch.</summary>
    public int RollUpCalls { get; private set; }

    public async Task<int> RollUpAsync(int batchSize, CancellationToken cancellationToken)
    {
        RollUpCalls++;
        var done = await inner.RollUpAsync(batchSize, cancellationToken);
        if (done < batchSize && _ingests++ < MaxIngests)
        {
            await ingest();
        }

        return done;
    }

    public Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        inner.DeleteRawBeforeAsync(cutoff, batchSize, cancellationToken);

    public Task<int> DeleteRollupsBeforeAsync(TelemetryResolution resolution, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        inner.DeleteRollupsBeforeAsync(resolution, cutoff, batchSize, cancellationToken);

    public Task ReclaimSpaceAsync(DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken) =>
        inner.ReclaimSpaceAsync(now, rawCutoff, cancellationToken);

    public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string assetId, TelemetryResolution resolution, DateTimeOffset from, int maxPerMetric, CancellationToken cancellationToken) =>
        inner.ReadRollupsAsync(assetId, resolution, from, maxPerMetric, cancellationToken);
}
