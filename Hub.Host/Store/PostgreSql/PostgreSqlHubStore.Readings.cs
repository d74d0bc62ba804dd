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
// A COPY costs two round trips of its own (COPY, then the data) besides the move and the COMMIT, which is what bound a
// QoS 1 batch of at most 100 messages (issue 17 "Benchmarks": the hub acknowledges only after the commit). So a batch
// of fewer than CopyReadingsFrom readings goes instead as one statement over array parameters (unnest) with the same
// three inserts, sent in the NpgsqlBatch that carries the batch's other statements: one round trip for the whole batch.
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

    /// <summary>From this many readings a batch goes by binary COPY through the staging table; fewer, as one statement.</summary>
    internal const int CopyReadingsFrom = 1000;

    // The small batch's statement: the same three inserts as StagingSql + CopySql + HistorySql + RuleInputsSql, over the
    // batch's columns as arrays. Every data-modifying CTE runs once, to completion, whether or not it is referenced.
    private const string ArrayReadingsSql = $"""
        WITH batch AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::double precision[], $5::text[], $6::text[], $7::text[], $8::boolean[])
                AS r (asset_id, metric, ts, value, unit, quality, source, watched)),
        stored AS (
            INSERT INTO {PostgreSqlSchema.RawTable} (asset_id, metric, ts, value, unit, quality, source)
            SELECT asset_id, metric, ts, value, unit, quality, source FROM batch
            ON CONFLICT (asset_id, metric, ts) DO NOTHING
            RETURNING asset_id, metric, ts, value, unit),
        queued AS (
            INSERT INTO rule_inputs (asset_id, metric, ts, value, unit, quality, queued)
            SELECT asset_id, metric, ts, value, unit, quality, $9 FROM batch WHERE watched
            ON CONFLICT (asset_id, metric, ts) DO NOTHING)
        INSERT INTO {PostgreSqlTelemetryHistoryStore.PendingTable} (asset_id, metric, ts, value, unit)
        SELECT asset_id, metric, ts, value, unit FROM stored
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

    /// <summary>Copies the batch's readings (by COPY, through the staging table); those with <paramref name="queue"/> true are queued for the rules.</summary>
    private static async Task AppendReadingsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Reading> readings, bool[] queue, long now, CancellationToken cancellationToken)
    {
        var anyWatched = false;
        await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false))
        {
            for (var n = 0; n < readings.Count; n++)
            {
                var (metric, source) = readings[n];
                var watched = queue[n];
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

    /// <summary>
    /// The small batch's one statement (<see cref="ArrayReadingsSql"/>), for the batch's NpgsqlBatch; the readings with
    /// <paramref name="queue"/> true are queued for the rules.
    /// </summary>
    private static NpgsqlBatchCommand ArrayReadingsStatement(List<Reading> readings, bool[] queue, long now)
    {
        var count = readings.Count;
        var assets = new string[count];
        var metrics = new string[count];
        var times = new long[count];
        var values = new double[count];
        var units = new string?[count];
        var qualities = new string[count];
        var sources = new string[count];
        var watched = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var (metric, source) = readings[i];
            assets[i] = metric.AssetId;
            metrics[i] = metric.Metric;
            times[i] = StoreTime.Micros(metric.Timestamp);
            values[i] = (double)metric.Value;
            units[i] = metric.Unit;
            qualities[i] = metric.Quality.ToString();
            sources[i] = source;
            watched[i] = queue[i];
        }

        return Pg.BatchCommand(ArrayReadingsSql,
            Pg.Array(assets, NpgsqlDbType.Text), Pg.Array(metrics, NpgsqlDbType.Text), Pg.Array(times, NpgsqlDbType.Bigint),
            Pg.Array(values, NpgsqlDbType.Double), Pg.Array(units, NpgsqlDbType.Text), Pg.Array(qualities, NpgsqlDbType.Text),
            Pg.Array(sources, NpgsqlDbType.Text), Pg.Array(watched, NpgsqlDbType.Boolean), Pg.BigInt(now));
    }

    /// <summary>
    /// Only what some rule watches is queued (or evaluated at ingest, PostgreSqlHubStore.Rules.cs): a machine's other
    /// metrics cannot change any alarm.
    /// </summary>
    private bool Watched(AssetMetric metric) =>
        features?.QueueRuleInputs == true && (features.Watches is null || features.Watches(metric.AssetId, metric.Metric));
}
