using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary>
/// A real <see cref="ITelemetryHistoryStore"/> that records the batch size of every call, and moves the fake clock on
/// by <paramref name="eachCallTakes"/> during each call, as a busy database would take that long.
/// </summary>
internal sealed class TimedHistoryStore(ITelemetryHistoryStore inner, ManualClock clock, TimeSpan eachCallTakes) : ITelemetryHistoryStore
{
    private readonly List<int> _rollUps = [];
    private readonly List<int> _rawDeletes = [];

    /// <summary>The batch sizes asked of <see cref="RollUpAsync"/>, in order.</summary>
    public IReadOnlyList<int> RollUps => _rollUps;

    /// <summary>The batch sizes asked of <see cref="DeleteRawBeforeAsync"/>, in order.</summary>
    public IReadOnlyList<int> RawDeletes => _rawDeletes;

    public async Task<int> RollUpAsync(int batchSize, CancellationToken cancellationToken)
    {
        _rollUps.Add(batchSize);
        var done = await inner.RollUpAsync(batchSize, cancellationToken);
        clock.Advance(eachCallTakes);
        return done;
    }

    public async Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        _rawDeletes.Add(batchSize);
        var done = await inner.DeleteRawBeforeAsync(cutoff, batchSize, cancellationToken);
        clock.Advance(eachCallTakes);
        return done;
    }

    public Task<int> DeleteRollupsBeforeAsync(TelemetryResolution resolution, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        inner.DeleteRollupsBeforeAsync(resolution, cutoff, batchSize, cancellationToken);

    public Task ReclaimSpaceAsync(DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken) =>
        inner.ReclaimSpaceAsync(now, rawCutoff, cancellationToken);

    public Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string assetId, TelemetryResolution resolution, DateTimeOffset from, int maxPerMetric, CancellationToken cancellationToken) =>
        inner.ReadRollupsAsync(assetId, resolution, from, maxPerMetric, cancellationToken);
}
