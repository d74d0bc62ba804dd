using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Readings (issue 17 item 1: binary COPY for reading batches). COPY cannot skip a row already stored, and a redelivered
// reading (same asset, metric and time) must be ignored as on SQLite, so the batch is copied into a temporary staging
// table of the connection and moved by one INSERT ... SELECT ... ON CONFLICT DO NOTHING into the history, and into the
// rules' queue (rule_inputs) in the same transaction. ON COMMIT DELETE ROWS empties the staging table at every commit
// or rollback; it lives as long as the physical connection (the pool does not reset it, see PostgreSqlConnections).
internal sealed partial class PostgreSqlHubStore
{
    private const string StagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS hub_reading_staging (
            asset_id TEXT COLLATE "C"  NOT NULL,
            metric   TEXT COLLATE "C"  NOT NULL,
            ts       BIGINT            NOT NULL,
            value    DOUBLE PRECISION  NOT NULL,
            unit     TEXT COLLATE "C"  NULL,
            quality  TEXT COLLATE "C"  NOT NULL,
            source   TEXT COLLATE "C"  NOT NULL,
            watched  BOOLEAN           NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    private const string CopySql =
        "COPY hub_reading_staging (asset_id, metric, ts, value, unit, quality, source, watched) FROM STDIN (FORMAT BINARY)";

    // The readings newly stored (not the ignored redeliveries) are queued for the rollups in the same statement
    // (issue 17 item 6; PostgreSqlTelemetryHistoryStore takes them off the queue).
    private const string HistorySql = $"""
        WITH stored AS (
            INSERT INTO {PostgreSqlSchema.RawTable} (asset_id, metric, ts, value, unit, quality, source)
            SELECT asset_id, metric, ts, value, unit, quality, source FROM hub_reading_staging
            ON CONFLICT (asset_id, metric, ts) DO NOTHING
            RETURNING asset_id, metric, ts, value, unit)
        INSERT INTO {PostgreSqlTelemetryHistoryStore.PendingTable} (asset_id, metric, ts, value, unit)
        SELECT asset_id, metric, ts, value, unit FROM stored
        ON CONFLICT (asset_id, metric, ts) DO NOTHING
        """;

    // The rules stage's queue: filled in the telemetry's own transaction, emptied in the one that stores the rules'
    // effects, so that a reading is evaluated once even across a crash between the two (as on SQLite).
    private const string RuleInputsSql = """
        INSERT INTO rule_inputs (asset_id, metric, ts, value, unit, quality, queued)
        SELECT asset_id, metric, ts, value, unit, quality, $1 FROM hub_reading_staging WHERE watched
        ON CONFLICT (asset_id, metric, ts) DO NOTHING
        """;

    /// <summary>A reading of a batch, with its change (for the source).</summary>
    private readonly record struct Reading(AssetMetric Metric, string Source);

    /// <summary>
    /// The batch's readings, the first of each (asset, metric, time) only: SQLite's multi-row insert keeps the first
    /// of a redelivered reading within a batch, and this keeps that choice without relying on the order of a scan.
    /// </summary>
    private static List<Reading> DistinctReadings(IReadOnlyList<CanonicalChange> changes)
    {
        var readings = new List<Reading>();
        HashSet<(string, string, long)>? seen = null;
        foreach (var change in changes)
        {
            if (change.Entity is AssetMetric metric)
            {
                seen ??= [];
                if (seen.Add((metric.AssetId, metric.Metric, StoreTime.Micros(metric.Timestamp))))
                {
                    readings.Add(new Reading(metric, change.Stamp.Source));
                }
            }
        }

        return readings;
    }

    private async Task AppendReadingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Reading> readings, long now, CancellationToken cancellationToken)
    {
        var queue = features?.QueueRuleInputs == true;
        var watches = features?.Watches;
        var anyWatched = false;
        await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false))
        {
            foreach (var (metric, source) in readings)
            {
                // Only what some rule watches is queued: a machine's other metrics cannot change any alarm.
                var watched = queue && (watches is null || watches(metric.AssetId, metric.Metric));
                anyWatched |= watched;
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(metric.AssetId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(metric.Metric, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(StoreTime.Micros(metric.Timestamp), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync((double)metric.Value, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                if (metric.Unit is { } unit)
                {
                    await importer.WriteAsync(unit, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await importer.WriteAsync(metric.Quality.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(watched, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        List<NpgsqlBatchCommand> moves = [new NpgsqlBatchCommand(HistorySql)];
        if (anyWatched)
        {
            moves.Add(Pg.BatchCommand(RuleInputsSql, Pg.BigInt(now)));
        }

        await ExecuteAsync(connection, transaction, moves, cancellationToken).ConfigureAwait(false);
    }
}
