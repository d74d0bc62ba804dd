using System.Data.Common;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Merging a rowid range of raw readings into the rollups. Min, max, sum, count and the latest reading combine exactly
// whatever order the readings come in, so a late reading merged into a bucket rolled up long ago leaves the bucket as
// if it had been there from the start.
internal sealed partial class SqliteTelemetryHistoryStore
{
    private static async Task<int> MergeAsync(DbConnection connection, DbTransaction transaction, long from, long to, CancellationToken cancellationToken)
    {
        int merged;
        await using (var count = Command(connection, transaction, "SELECT count(*) FROM telemetry_readings WHERE rowid > @from AND rowid <= @to"))
        {
            Add(count, "@from", from);
            Add(count, "@to", to);
            merged = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (merged > 0)
        {
            await MergeIntoAsync(connection, transaction, "telemetry_rollup_minute", TelemetryBuckets.MinuteMicros, from, to, cancellationToken).ConfigureAwait(false);
            await MergeIntoAsync(connection, transaction, "telemetry_rollup_hour", TelemetryBuckets.HourMicros, from, to, cancellationToken).ConfigureAwait(false);
        }

        return merged;
    }

    private static async Task MergeIntoAsync(
        DbConnection connection, DbTransaction transaction, string table, long width, long from, long to, CancellationToken cancellationToken)
    {
        // The batch's aggregate per (asset, metric, bucket), joined back by primary key to the batch's latest reading
        // of the bucket for "last" (unique: (asset_id, metric, ts) is the key). "WHERE true" tells SQLite's parser that
        // ON CONFLICT starts the upsert, not a join constraint. In the SET list every column reads the old row.
        await using var command = Command(connection, transaction, $"""
            INSERT INTO {table} (asset_id, metric, bucket, min_value, max_value, sum_value, reading_count, last_ts, last_value, unit)
            SELECT g.asset_id, g.metric, g.bucket, g.mn, g.mx, g.sm, g.n, g.lts, t.value, t.unit
            FROM (
                SELECT asset_id, metric, ts - (((ts % @w) + @w) % @w) AS bucket,
                       min(value) AS mn, max(value) AS mx, sum(value) AS sm, count(*) AS n, max(ts) AS lts
                FROM telemetry_readings WHERE rowid > @from AND rowid <= @to
                GROUP BY asset_id, metric, bucket) AS g
            JOIN telemetry_readings AS t ON t.asset_id = g.asset_id AND t.metric = g.metric AND t.ts = g.lts
            WHERE true
            ON CONFLICT (asset_id, metric, bucket) DO UPDATE SET
                min_value = min({table}.min_value, excluded.min_value),
                max_value = max({table}.max_value, excluded.max_value),
                sum_value = {table}.sum_value + excluded.sum_value,
                reading_count = {table}.reading_count + excluded.reading_count,
                last_value = CASE WHEN excluded.last_ts > {table}.last_ts THEN excluded.last_value ELSE {table}.last_value END,
                unit = CASE WHEN excluded.last_ts > {table}.last_ts THEN excluded.unit ELSE {table}.unit END,
                last_ts = max({table}.last_ts, excluded.last_ts)
            """);
        Add(command, "@w", width);
        Add(command, "@from", from);
        Add(command, "@to", to);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
