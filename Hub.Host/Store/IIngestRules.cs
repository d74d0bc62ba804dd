using IntegrationHub.Crm.Core.Telemetry;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The alarm rules run inside the transaction that stores a batch of readings (issue 20 item 1), so that a watched
/// reading is evaluated without being queued and read back. The store calls it with the batch's watched readings and a
/// unit of work on its own transaction; what the rules write (state, alarms, tickets, outbox) commits with the readings.
/// </summary>
internal interface IIngestRules
{
    /// <summary>
    /// Whether a watched reading of <paramref name="assetId"/> may be evaluated at ingest now (the rules attached, no
    /// reorder window, the machine's partition held): a store whose cheapest write has no transaction of its own
    /// (PostgreSQL's one round trip) opens one only when some reading of the batch may be.
    /// </summary>
    bool MayEvaluate(string assetId);

    /// <summary>
    /// Evaluates the readings this node can evaluate at once (their partition held, no reorder window), in the store's
    /// transaction <paramref name="unitOfWork"/>, which the caller commits (never the rules). The outcome says which
    /// readings were taken (the others are queued as before) and must be told whether the transaction committed.
    /// </summary>
    Task<IngestRulesOutcome> EvaluateAsync(IRulesUnitOfWork unitOfWork, IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken);
}
