using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="ITelemetryHistoryStore"/> on PostgreSQL (issue 17 item 6). The rollups are the SQLite store's (minute and
/// hour buckets with exact min, max, sum, count and the latest reading), merged by another route: PostgreSQL has no
/// rowid to keep a progress mark by, so every reading newly stored is also queued in <c>telemetry_rollup_pending</c>
/// in the same statement (PostgreSqlHubStore.Readings.cs), and a roll-up takes a batch off that queue and merges it in
/// one statement. A reading is merged exactly once, late ones included and across a crash; two hub nodes rolling up at
/// once take disjoint batches (SKIP LOCKED).
/// </summary>
/// <remarks>
/// Raw retention works in two steps: it drops the day partitions that lie wholly before the cutoff
/// (<see cref="PostgreSqlHubStore.DropRawPartitionsOlderThanAsync"/>: one cheap statement, no vacuum), then deletes the
/// rows before the cutoff that the partition of the cutoff's own day still holds, oldest first, a batch at a time
/// through the ts index, as SQLite does. Without the second step a retention shorter than a day (the issue's soak keeps
/// 2 minutes) kept up to a whole day of readings more than asked; with it the partition's dead rows are vacuumed and
/// their space reused by the next readings, so the table stays at about the retention's size. The rollups do not
/// depend on either step: the queue holds its own copy of a reading until it is merged.
/// </remarks>
internal sealed class PostgreSqlTelemetryHistoryStore(PostgreSqlConnections connections, PostgreSqlHubStore hub) : ITelemetryHistoryStore
{
    /// <summary>The table of readings stored and not rolled up yet (schema version 2).</summary>
    public const string PendingTable = "telemetry_rollup_pending";

    public async Task<int> RollUpAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Data-modifying CTEs run once each, to completion, in the statement's one transaction: the batch leaves the
        // queue exactly when it is merged into both rollups. Min, max, sum, count and the latest reading combine exactly
        // whatever order readings come in, so a late reading merged into an old bucket leaves it as if it had been there.
        await using var command = Pg.Command(connection, $"""
            WITH batch AS (
                DELETE FROM {PendingTable} p
                USING (SELECT asset_id, metric, ts FROM {PendingTable} LIMIT $1 FOR UPDATE SKIP LOCKED) AS b
                WHERE p.asset_id = b.asset_id AND p.metric = b.metric AND p.ts = b.ts
                RETURNING p.asset_id, p.metric, p.ts, p.value, p.unit),
            minute AS ({MergeSql("telemetry_rollup_minute", "$2")}),
            hour AS ({MergeSql("telemetry_rollup_hour", "$3")})
            SELECT count(*) FROM batch
            """, Pg.Integer(batchSize), Pg.BigInt(TelemetryBuckets.MinuteMicros), Pg.BigInt(TelemetryBuckets.HourMicros));
        return checked((int)(long)(await PostgreSqlLeaseStore.FencedAsync(
            connection, "retention's roll-up", () => command.ExecuteScalarAsync(cancellationToken), cancellationToken).ConfigureAwait(false))!);
    }

    /// <summary>
    /// Drops the raw history's day partitions that lie wholly before <paramref name="cutoff"/> (a drop is one cheap
    /// statement whatever their size), then deletes up to <paramref name="batchSize"/> of the oldest readings before
    /// the cutoff that remain (those of the cutoff's own day). Returns the readings of the dropped partitions plus the
    /// rows deleted, so it can be more than <paramref name="batchSize"/> (the retention pass goes on while it is at
    /// least that); 0 once none is left.
    /// </summary>
    public async Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var cutoffMicros = StoreTime.Micros(cutoff);
        var dayStart = RawPartitions.DayOf(cutoffMicros) * RawPartitions.MicrosPerDay;
        long dropped;
        await using (var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // Only the partitions before the cutoff's day are scanned (partition pruning), and those are dropped next.
            await using var count = Pg.Command(connection, $"SELECT count(*) FROM {PostgreSqlSchema.RawTable} WHERE ts < $1", Pg.BigInt(dayStart));
            dropped = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await hub.DropRawPartitionsOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);

        int deleted;
        await using (var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // The oldest first through ix_telemetry_readings_ts, only in the partitions the cutoff leaves (pruned by
            // ts < $1 on both sides); a short statement of its own, so ingest's inserts into the same partition never
            // wait on it (they touch other rows).
            await using var delete = Pg.Command(connection, $"""
                DELETE FROM {PostgreSqlSchema.RawTable} r
                USING (SELECT asset_id, metric, ts FROM {PostgreSqlSchema.RawTable} WHERE ts < $1 ORDER BY ts LIMIT $2) AS old
                WHERE r.ts < $1 AND r.asset_id = old.asset_id AND r.metric = old.metric AND r.ts = old.ts
                """, Pg.BigInt(cutoffMicros), Pg.Integer(batchSize));
            deleted = await PostgreSqlLeaseStore.FencedAsync(
                connection, "retention's raw delete", () => delete.ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return checked((int)Math.Min(dropped + deleted, int.MaxValue));
    }

    public async Task<int> DeleteRollupsBeforeAsync(TelemetryResolution resolution, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var table = Table(resolution);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Only buckets wholly older than the cutoff: one that straddles it still holds readings inside retention.
        await using var command = Pg.Command(connection, $"""
            DELETE FROM {table} WHERE (asset_id, metric, bucket) IN (
                SELECT asset_id, metric, bucket FROM {table} WHERE bucket <= $1 ORDER BY bucket LIMIT $2)
            """, Pg.BigInt(StoreTime.Micros(cutoff) - TelemetryBuckets.Width(resolution)), Pg.Integer(batchSize));
        return await PostgreSqlLeaseStore.FencedAsync(
            connection, "retention's rollup delete", () => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// VACUUMs the rollup queue and, when the raw cutoff lies in today's partition (a raw retention shorter than a day,
    /// as in the issue's soak), that partition: the only tables whose deleted rows' space the next readings would
    /// reuse. Without it that space waits for autovacuum, which visits a database at most once a minute
    /// (<c>autovacuum_naptime</c>): at 5,000 readings/s the partition and the queue grew by a minute of dead rows each
    /// before levelling out, and the database took four and a half minutes to stop growing in the soak. Space deleted in
    /// an older day's partition is never reused (the partition goes whole at its day's end), so it is not vacuumed.
    /// </summary>
    /// <remarks>
    /// VACUUM runs outside any transaction, on a connection of its own; SKIP_LOCKED leaves a table an autovacuum worker
    /// is on to that worker instead of waiting. It takes no lock that ingest's inserts or the deletes wait on. A role
    /// that does not own the tables gets PostgreSQL's warning and no vacuum, never an error: autovacuum still runs.
    /// </remarks>
    public async Task ReclaimSpaceAsync(DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken)
    {
        var day = RawPartitions.DayOf(StoreTime.Micros(rawCutoff));
        var tables = new List<string> { PendingTable };
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (day == RawPartitions.DayOf(StoreTime.Micros(now)))
        {
            // The partition may not exist (no reading today yet): VACUUM of a missing table is an error.
            await using var exists = Pg.Command(connection, "SELECT to_regclass($1) IS NOT NULL", Pg.Text(RawPartitions.NameOf(day)));
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                tables.Add(RawPartitions.NameOf(day));
            }
        }

        // Names are the schema's constants and a partition name made from a number, never input text.
        await using var vacuum = Pg.Command(connection, $"VACUUM (SKIP_LOCKED) {string.Join(", ", tables)}");
        await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(
        string assetId, TelemetryResolution resolution, DateTimeOffset from, int maxPerMetric, CancellationToken cancellationToken)
    {
        var table = Table(resolution);
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, $"""
            SELECT metric, bucket, min_value, max_value, sum_value, reading_count, last_ts, last_value, unit FROM (
                SELECT metric, bucket, min_value, max_value, sum_value, reading_count, last_ts, last_value, unit,
                       ROW_NUMBER() OVER (PARTITION BY metric ORDER BY bucket DESC) AS n
                FROM {table} WHERE asset_id = $1 AND bucket >= $2) AS r
            WHERE n <= $3
            ORDER BY metric, bucket
            """,
            Pg.Text(assetId), Pg.BigInt(TelemetryBuckets.Start(StoreTime.Micros(from), TelemetryBuckets.Width(resolution))), Pg.Integer(maxPerMetric));
        var rollups = new List<TelemetryRollup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rollups.Add(new TelemetryRollup(
                assetId, reader.GetString(0), StoreTime.FromMicros(reader.GetInt64(1)), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4),
                reader.GetInt64(5), StoreTime.FromMicros(reader.GetInt64(6)), reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return rollups;
    }

    /// <summary>The upsert of the batch's aggregate per (asset, metric, bucket) of width <paramref name="width"/> into <paramref name="table"/>.</summary>
    private static string MergeSql(string table, string width) => $"""
        INSERT INTO {table} (asset_id, metric, bucket, min_value, max_value, sum_value, reading_count, last_ts, last_value, unit)
        SELECT asset_id, metric, ts - (((ts % {width}) + {width}) % {width}), min(value), max(value), sum(value), count(*), max(ts),
               (array_agg(value ORDER BY ts DESC))[1], (array_agg(unit ORDER BY ts DESC))[1]
        FROM batch GROUP BY 1, 2, 3
        ON CONFLICT (asset_id, metric, bucket) DO UPDATE SET
            min_value = least({table}.min_value, excluded.min_value),
            max_value = greatest({table}.max_value, excluded.max_value),
            sum_value = {table}.sum_value + excluded.sum_value,
            reading_count = {table}.reading_count + excluded.reading_count,
            last_value = CASE WHEN excluded.last_ts > {table}.last_ts THEN excluded.last_value ELSE {table}.last_value END,
            unit = CASE WHEN excluded.last_ts > {table}.last_ts THEN excluded.unit ELSE {table}.unit END,
            last_ts = greatest({table}.last_ts, excluded.last_ts)
        """;

    private static string Table(TelemetryResolution resolution) => resolution switch
    {
        TelemetryResolution.Minute => "telemetry_rollup_minute",
        TelemetryResolution.Hour => "telemetry_rollup_hour",
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Raw readings are not a rollup."),
    };
}
