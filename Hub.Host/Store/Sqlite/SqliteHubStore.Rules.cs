using System.Data.Common;
using System.Globalization;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using Microsoft.Data.Sqlite;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Issue 20 item 1: the alarm rules evaluated in the transaction that stores the readings, so that a watched reading is
// not queued in rule_inputs and read back by the rules stage. SQLite has one writer, and its transactions begin
// IMMEDIATE: from BEGIN to COMMIT no rules pass, desk action or other batch interleaves, so the rules' in-memory
// evaluators and their stored state move together.
internal sealed partial class SqliteHubStore
{
    // Anything queued (readings stored before a restart, while the partition was not held, or under a reorder window)
    // goes first, in queue order: a reading evaluated at ingest ahead of an older queued one of its machine would make
    // the evaluator ignore the older one. One index probe per batch; no reading is read.
    private const string QueueEmptySql = "SELECT NOT EXISTS (SELECT 1 FROM rule_inputs)";

    /// <summary>
    /// Hands the batch's watched readings to the rules in this transaction when the queue is empty; returns the ones to
    /// queue, and the rules' outcome and unit of work when they took some (null otherwise).
    /// </summary>
    private async Task<(IReadOnlyList<CanonicalChange> ToQueue, IngestRulesOutcome? Outcome, SqliteRulesUnitOfWork? Joined)> EvaluateAtIngestAsync(
        SqliteConnection connection, DbTransaction transaction, IReadOnlyList<CanonicalChange> watched, CancellationToken cancellationToken)
    {
        if (watched.Count == 0 || features?.AtIngest is not { } rules)
        {
            return (watched, null, null);
        }

        await using (var empty = Command(connection, transaction, QueueEmptySql))
        {
            if (Convert.ToInt64(await empty.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return (watched, null, null);
            }
        }

        var joined = SqliteRulesUnitOfWork.Join(connection, transaction, changeFeed);
        // As the queue would hand them over: microseconds, UTC (rule_inputs.ts), so that alarms and states carry the
        // same times whichever way a reading reached the rules.
        var readings = watched.Select(c => (AssetMetric)c.Entity)
            .Select(m => new TelemetryReading(m.AssetId, m.Metric, (double)m.Value, m.Unit, FromMicros(Micros(m.Timestamp)), m.Quality))
            .ToList();
        var outcome = await rules.EvaluateAsync(joined, readings, cancellationToken).ConfigureAwait(false);
        if (!outcome.Any)
        {
            outcome.Committed();
            return (watched, null, null);
        }

        return ([.. watched.Where((_, n) => !outcome.Taken[n])], outcome, joined);
    }

    /// <summary>Refuses the batch unless every rules partition it evaluated is still this node's (issue 18 item 2's fencing).</summary>
    private static async Task CheckRuleFencesAsync(DbConnection connection, DbTransaction transaction, IngestRulesOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var fence in outcome.Fences)
        {
            await SqliteLeaseStore.CheckFenceOfAsync(connection, transaction, fence, "rules evaluated with a batch of readings", cancellationToken).ConfigureAwait(false);
        }
    }
}
