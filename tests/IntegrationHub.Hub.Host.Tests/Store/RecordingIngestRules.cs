using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The store's side of the rules at ingest (issue 20 item 1) seen from the rules: records what the store hands over
/// and whether it said committed or abandoned; takes the readings of <see cref="Takes"/> machines.
/// </summary>
internal sealed class RecordingIngestRules(Func<string, bool> takes) : IIngestRules
{
    private int _committed;
    private int _abandoned;

    public Func<string, bool> Takes { get; } = takes;

    public List<TelemetryReading> Handed { get; } = [];

    public int Committed => _committed;

    public int Abandoned => _abandoned;

    public bool MayEvaluate(string assetId) => Takes(assetId);

    public Task<IngestRulesOutcome> EvaluateAsync(IRulesUnitOfWork unitOfWork, IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken)
    {
        Handed.AddRange(readings);
        return Task.FromResult(new IngestRulesOutcome(
            [.. readings.Select(r => Takes(r.AssetId))], [],
            () => Interlocked.Increment(ref _committed),
            () => Interlocked.Increment(ref _abandoned)));
    }
}
