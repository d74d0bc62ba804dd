using System.Data.Common;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="ITelemetryHistoryStore"/> on SQLite (issue 17 item 6). Rollups are merged from raw rows by rowid: every
/// reading stored gets a rowid above all existing ones, so the rows above the progress mark (migration 13) are
/// exactly the ones not merged yet, late readings included, and a batch is a rowid range, read through the table's own
/// b-tree. The merge and the new mark are one transaction, so rolling up is idempotent across a crash, and only rows
/// at or below the mark are ever deleted.
/// </summary>
internal sealed partial class SqliteTelemetryHistoryStore(IStoreConnectionFactory connections) : ITelemetryHistoryStore
{
    public async Task<int> RollUpAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE (the provider's default): no other writer between reading the mark and moving it, and every
        // row at or below max(rowid) is committed, so none can appear later below the range merged here.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SqliteLeaseStore.CheckFenceAsync(connection, transaction, "retention's roll-up", cancellationToken).ConfigureAwait(false);
        var mark = await ScalarInt64Async(connection, transaction, "SELECT raw_rowid FROM telemetry_rollup_progress WHERE id = 1", cancellationToken).ConfigureAwait(false);
        var last = await ScalarInt64Async(connection, transaction, "SELECT coalesce(max(rowid), 0) FROM telemetry_readings", cancellationToken).ConfigureAwait(false);
        var merged = 0;
        var to = mark;
        // Rowids above the mark are dense (rows above it are never deleted, and a duplicate reading is ignored without
        // taking one), so this loops once; it only goes on past a range that held no row.
        while (merged == 0 && to < last)
        {
            var from = to;
            to = Math.Min(from + batchSize, last);
            merged = await MergeAsync(connection, transaction, from, to, cancellationToken).ConfigureAwait(false);
        }

        if (to != mark)
        {
            await SetMarkAsync(connection, transaction, to, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return merged;
    }

    public async Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await SqliteLeaseStore.CheckFenceAsync(connection, transaction, "retention's raw delete", cancellationToken).ConfigureAwait(false);
        int deleted;
        await using (var command = Command(connection, transaction, """
            DELETE FROM telemetry_readings WHERE rowid IN (
                SELECT rowid FROM telemetry_readings
                WHERE ts < @cutoff AND rowid <= (SELECT raw_rowid FROM telemetry_rollup_progress WHERE id = 1)
                ORDER BY ts LIMIT @n)
            """))
        {
            Add(command, "@cutoff", Micros(cutoff));
            Add(command, "@n", batchSize);
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted > 0)
        {
            // SQLite gives a new row max(rowid) + 1. Had this batch deleted the row at the mark, that could be a rowid
            // at or below the mark, never rolled up: the mark comes down to the highest row left (all of them are
            // rolled up already), so the next reading is above it again.
            await Db.ExecuteAsync(connection, transaction, """
                UPDATE telemetry_rollup_progress SET raw_rowid = (SELECT coalesce(max(rowid), 0) FROM telemetry_readings)
                WHERE id = 1 AND raw_rowid > (SELECT coalesce(max(rowid), 0) FROM telemetry_readings)
                """, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<int> DeleteRollupsBeforeAsync(TelemetryResolution resolution, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var table = Table(resolution);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteLeaseStore.FencedAsync(connection, "retention's rollup delete", async transaction =>
        {
            await using var command = Command(connection, transaction, $"""
                DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE bucket <= @last ORDER BY bucket LIMIT @n)
                """);
            // Only buckets wholly older than the cutoff: one that straddles it still holds readings inside retention.
            Add(command, "@last", Micros(cutoff) - TelemetryBuckets.Width(resolution));
            Add(command, "@n", batchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nothing to do: SQLite puts the pages a delete empties on its free list, and the next inserts take them
    /// from there (the retention soak's data folder stays flat with no vacuum).</summary>
    public Task ReclaimSpaceAsync(DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string assetId, TelemetryResolution resolution, DateTimeOffset from, int maxPerMetric, CancellationToken cancellationToken)
    {
        var table = Table(resolution);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT metric, bucket, min_value, max_value, sum_value, reading_count, last_ts, last_value, unit FROM (
                SELECT metric, bucket, min_value, max_value, sum_value, reading_count, last_ts, last_value, unit,
                       ROW_NUMBER() OVER (PARTITION BY metric ORDER BY bucket DESC) AS n
                FROM {table} WHERE asset_id = @asset AND bucket >= @from)
            WHERE n <= @max
            ORDER BY metric, bucket
            """);
        Add(command, "@asset", assetId);
        Add(command, "@from", TelemetryBuckets.Start(Micros(from), TelemetryBuckets.Width(resolution)));
        Add(command, "@max", maxPerMetric);
        var rollups = new List<TelemetryRollup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rollups.Add(new TelemetryRollup(
                assetId, reader.GetString(0), FromMicros(reader.GetInt64(1)), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4),
                reader.GetInt64(5), FromMicros(reader.GetInt64(6)), reader.GetDouble(7), NullableString(reader, 8)));
        }

        return rollups;
    }

    private static string Table(TelemetryResolution resolution) => resolution switch
    {
        TelemetryResolution.Minute => "telemetry_rollup_minute",
        TelemetryResolution.Hour => "telemetry_rollup_hour",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Raw readings are not a rollup."),
    };

    private static async Task<long> ScalarInt64Async(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task SetMarkAsync(DbConnection connection, DbTransaction transaction, long mark, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "UPDATE telemetry_rollup_progress SET raw_rowid = @mark WHERE id = 1");
        Add(command, "@mark", mark);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
