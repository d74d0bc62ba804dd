using IntegrationHub.Crm.Core.Telemetry;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Issue 20 item 1 on PostgreSQL: the alarm rules evaluated in the transaction that stores the readings, for the
// machines whose rules partition this node holds; the rest are queued in rule_inputs for the holder, as before. What
// makes it safe where SQLite has its one writer: the partitions' advisory locks, taken first in the transaction (the
// ones a pass takes), and the partitions' lease fences, checked just before the commit.
internal sealed partial class PostgreSqlHubStore
{
    /// <summary>
    /// The rules at ingest, when some watched reading of the batch may be evaluated here (<see cref="IIngestRules.MayEvaluate"/>);
    /// null otherwise, and then the batch keeps its one round trip without a transaction of its own.
    /// </summary>
    private IIngestRules? RulesAtIngestFor(List<Reading> readings, bool[] queue)
    {
        if (features?.AtIngest is not { } rules)
        {
            return null;
        }

        for (var n = 0; n < readings.Count; n++)
        {
            if (queue[n] && rules.MayEvaluate(readings[n].Metric.AssetId))
            {
                return rules;
            }
        }

        return null;
    }

    /// <summary>
    /// Hands the batch's watched readings (<paramref name="queue"/> true) to the rules in <paramref name="transaction"/>,
    /// first of all in it; those the rules took are no longer to be queued. Returns the rules' outcome when they took
    /// some (the caller checks its fences before the commit and tells it how the transaction ended), null otherwise.
    /// </summary>
    private static async Task<IngestRulesOutcome?> EvaluateAtIngestAsync(
        IIngestRules rules, NpgsqlConnection connection, NpgsqlTransaction transaction, List<Reading> readings, bool[] queue,
        CancellationToken cancellationToken)
    {
        var watched = Enumerable.Range(0, readings.Count).Where(n => queue[n]).ToList();
        // As the queue would hand them over: microseconds (rule_inputs.ts), so that alarms and states carry the same
        // times whichever way a reading reached the rules.
        var outcome = await rules.EvaluateAsync(
            PostgreSqlRulesUnitOfWork.Join(connection, transaction),
            [.. watched.Select(n => readings[n].Metric).Select(m => new TelemetryReading(
                m.AssetId, m.Metric, (double)m.Value, m.Unit, StoreTime.FromMicros(StoreTime.Micros(m.Timestamp)), m.Quality))],
            cancellationToken).ConfigureAwait(false);
        if (!outcome.Any)
        {
            outcome.Committed();
            return null;
        }

        for (var k = 0; k < watched.Count; k++)
        {
            if (outcome.Taken[k])
            {
                queue[watched[k]] = false;
            }
        }

        return outcome;
    }
}
