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
/// Raw retention does not delete rows: it drops whole day partitions (<see cref="PostgreSqlHubStore.DropRawPartitionsOlderThanAsync"/>),
/// so the readings of the day the cutoff falls in stay until that day lies wholly before the cutoff; up to a day more
/// raw history than <c>Hub:Telemetry:RawRetention</c> is kept. The rollups do not depend on it: the queue holds its
/// own copy of a reading until it is merged.
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
        return checked((int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    /// <summary>
    /// Drops the raw history's day partitions that lie wholly before <paramref name="cutoff"/>, whatever
    /// <paramref name="batchSize"/> (a drop is one cheap statement at any size), and returns the readings they held;
    /// 0 once none is left. The day the cutoff falls in is kept whole (see the remarks of the class).
    /// </summary>
    public async Task<int> DeleteRawBeforeAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var dayStart = RawPartitions.DayOf(StoreTime.Micros(cutoff)) * RawPartitions.MicrosPerDay;
        long readings;
        await using (var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // Only the partitions before the cutoff's day are scanned (partition pruning), and those are dropped next.
            await using var count = Pg.Command(connection, $"SELECT count(*) FROM {PostgreSqlSchema.RawTable} WHERE ts < $1", Pg.BigInt(dayStart));
            readings = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await hub.DropRawPartitionsOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return checked((int)Math.Min(readings, int.MaxValue));
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
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
