using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// The store's way in to the rules at ingest (issue 20 item 1): the store is built before the rules stage, which
/// depends on stores itself, so the stage attaches here once it has taken its partitions. Until then, and after it
/// stops, every watched reading is queued as before.
/// </summary>
internal sealed class RulesAtIngest : IIngestRules
{
    private volatile RulesStageService? _stage;

    /// <summary>Lets the store hand readings to <paramref name="stage"/>.</summary>
    public void Attach(RulesStageService stage) => _stage = stage;

    /// <summary>Stops handing readings over: from now on they are queued.</summary>
    public void Detach() => _stage = null;

    public bool MayEvaluate(string assetId) => _stage is { } stage && stage.MayEvaluateAtIngest(assetId);

    public Task<IngestRulesOutcome> EvaluateAsync(IRulesUnitOfWork unitOfWork, IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken) =>
        _stage is { } stage
            ? stage.EvaluateAtIngestAsync(unitOfWork, readings, cancellationToken)
            : Task.FromResult(IngestRulesOutcome.None(readings.Count));
}
