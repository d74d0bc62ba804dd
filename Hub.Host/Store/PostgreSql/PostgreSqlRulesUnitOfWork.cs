using System.Text.Json;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Rules;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IRulesUnitOfWork"/> on PostgreSQL (issue 17 item 2), with the SQLite store's semantics: one transaction
/// on a pooled connection of its own, committed or rolled back whole. Split by concern as on SQLite: the rules' queue,
/// states and alarms here, tickets and holds in .Tickets.cs, the outbox in .Outbox.cs. Sets of rows go in one
/// statement (arrays unnested), statements that belong together in one <see cref="NpgsqlBatch"/>.
/// </summary>
internal sealed partial class PostgreSqlRulesUnitOfWork : IRulesUnitOfWork
{
    // Issue 18 item 2: the rules stage is partitioned by machine, each partition leased to one node. A pass takes its
    // partition's transaction-level advisory lock (two-key space: this class, the partition's number) before it reads,
    // so that a node that lost the lease without noticing waits for the new holder's pass instead of evaluating beside
    // it (its commit is then refused by the fence), and the SLA escalation takes all of them in order. The class is
    // apart from the outbox's (OBC1); the one-key space holds PostgreSqlMigrator.LockKey and RawPartitions.LockKey.
    private const int PartitionLockClass = 0x4842_5250; // "HBRP"

    // Issue 18 item 2, the reorder window: the batch is the readings queued by the cut-off, and with them the later
    // queued readings of the same machines up to each machine's newest in the batch (another node may have stored an
    // older reading of the machine a moment after this one). The two parts are apart by queued, so UNION ALL.
    private const string ReadyInputsSql = """
        WITH ready AS (
            SELECT asset_id, metric, ts, value, unit, quality FROM rule_inputs
            WHERE slot >= $1 AND slot < $2 AND queued <= $4 ORDER BY queued LIMIT $3)
        SELECT asset_id, metric, ts, value, unit, quality FROM ready
        UNION ALL
        SELECT r.asset_id, r.metric, r.ts, r.value, r.unit, r.quality
        FROM rule_inputs r JOIN (SELECT asset_id, max(ts) AS ts FROM ready GROUP BY asset_id) m ON r.asset_id = m.asset_id AND r.ts <= m.ts
        WHERE r.queued > $4
        """;

    // Issue 20 item 1: which of the partitions an ingest batch is about to evaluate have readings queued (their ranges
    // of slots as arrays); through the (slot, queued) index, one probe per partition, no reading read.
    private const string QueuedPartitionsSql = """
        SELECT p FROM unnest($1::integer[], $2::integer[], $3::integer[]) AS k(p, first_slot, end_slot)
        WHERE EXISTS (SELECT 1 FROM rule_inputs WHERE slot >= k.first_slot AND slot < k.end_slot)
        """;

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    // A unit of work on the readings' own transaction (issue 20 item 1): the store that began it commits and ends it.
    private readonly bool _joined;

    private PostgreSqlRulesUnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, bool joined = false)
    {
        _connection = connection;
        _transaction = transaction;
        _joined = joined;
    }

    /// <summary>
    /// A unit of work inside the store's open transaction, for the rules evaluated at ingest (issue 20 item 1). It
    /// neither commits nor disposes the transaction; live pages hear of its tickets from the tables' NOTIFY triggers
    /// when the store commits, as they do of a pass's.
    /// </summary>
    public static PostgreSqlRulesUnitOfWork Join(NpgsqlConnection connection, NpgsqlTransaction transaction) => new(connection, transaction, joined: true);

    public static async Task<PostgreSqlRulesUnitOfWork> BeginAsync(PostgreSqlConnections connections, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new PostgreSqlRulesUnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_joined)
        {
            throw new InvalidOperationException("A unit of work joined to the readings' transaction is committed by the store that began it.");
        }

        // Issue 18 items 1 and 2: a rules pass commits only while its partition's lease token is current, and the SLA
        // escalation only while its own (rules/sla) is; the fence is ambient (LeaseFence.Current) in the pass.
        await PostgreSqlLeaseStore.CheckFenceAsync(_connection, "rules pass", cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_joined)
        {
            return;
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The partition's readings queued first, at most <paramref name="limit"/>, in time order within the batch (the
    /// evaluator ignores a reading older than one it has seen for the same rule and machine), found through the index
    /// on (slot, queued). Takes the partition's lock.
    /// </summary>
    public async Task<IReadOnlyList<TelemetryReading>> ReadInputsAsync(RulePartition partition, int limit, long queuedBy, CancellationToken cancellationToken)
    {
        await using var batch = Batch(
            Pg.BatchCommand("SELECT pg_advisory_xact_lock($1, $2)", Pg.Integer(PartitionLockClass), Pg.Integer(partition.Index)),
            queuedBy == long.MaxValue
                ? Pg.BatchCommand(
                    "SELECT asset_id, metric, ts, value, unit, quality FROM rule_inputs WHERE slot >= $1 AND slot < $2 ORDER BY queued LIMIT $3",
                    Pg.Integer(partition.FirstSlot), Pg.Integer(partition.EndSlot), Pg.Integer(limit))
                : Pg.BatchCommand(ReadyInputsSql, Pg.Integer(partition.FirstSlot), Pg.Integer(partition.EndSlot), Pg.Integer(limit), Pg.BigInt(queuedBy)));
        var readings = new List<TelemetryReading>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings.Add(new TelemetryReading(
                reader.GetString(0), reader.GetString(1), reader.GetDouble(3), NullableString(reader, 4), StoreTime.FromMicros(reader.GetInt64(2)),
                Enum.TryParse<ReadingQuality>(reader.GetString(5), out var quality) ? quality : ReadingQuality.Good));
        }

        readings.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return readings;
    }

    /// <summary>Removes the evaluated readings from the queue in one statement, the keys passed as three arrays.</summary>
    public async Task DeleteInputsAsync(IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken)
    {
        if (readings.Count == 0)
        {
            return;
        }

        await using var command = Cmd(
            "DELETE FROM rule_inputs r USING unnest($1, $2, $3) AS k(a, m, t) WHERE r.asset_id = k.a AND r.metric = k.m AND r.ts = k.t",
            Pg.TextArray(readings.Select(r => r.AssetId)), Pg.TextArray(readings.Select(r => r.Metric)),
            BigIntArray(readings.Select(r => StoreTime.Micros(r.Timestamp))));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes every partition's lock in order (generate_series yields them ascending), for the SLA escalation.</summary>
    public async Task LockPartitionsAsync(int count, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT pg_advisory_xact_lock($1, p) FROM generate_series(0, $2 - 1) AS p", Pg.Integer(PartitionLockClass), Pg.Integer(count));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The partitions' advisory locks, the ones a pass takes (<see cref="ReadInputsAsync"/>), in the order given
    /// (ascending, as <see cref="LockPartitionsAsync"/> takes them), then which of them have readings queued, in one
    /// round trip. The probe runs after the locks: a pass of the partition that was emptying it has committed.
    /// </summary>
    public async Task<IReadOnlySet<int>> LockForIngestAsync(IReadOnlyList<RulePartition> partitions, CancellationToken cancellationToken)
    {
        int[] Of(Func<RulePartition, int> column) => [.. partitions.Select(column)];
        await using var batch = Batch(
            Pg.BatchCommand("SELECT pg_advisory_xact_lock($1, k.p) FROM unnest($2::integer[]) WITH ORDINALITY AS k(p, n) ORDER BY k.n",
                Pg.Integer(PartitionLockClass), Pg.Array(Of(p => p.Index), NpgsqlDbType.Integer)),
            Pg.BatchCommand(QueuedPartitionsSql,
                Pg.Array(Of(p => p.Index), NpgsqlDbType.Integer), Pg.Array(Of(p => p.FirstSlot), NpgsqlDbType.Integer),
                Pg.Array(Of(p => p.EndSlot), NpgsqlDbType.Integer)));
        var queued = new HashSet<int>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            queued.Add(reader.GetInt32(0));
        }

        return queued;
    }

    /// <summary>The partition's states; the slot is computed here (states are read once per takeover, not per pass).</summary>
    public async Task<IReadOnlyList<AlarmRuleState>> LoadStatesAsync(RulePartition partition, CancellationToken cancellationToken)
    {
        await using var command = Cmd(
            $"SELECT body FROM alarm_rule_states WHERE {RulePartition.PostgreSqlSlot("asset_id")} >= $1 AND {RulePartition.PostgreSqlSlot("asset_id")} < $2",
            Pg.Integer(partition.FirstSlot), Pg.Integer(partition.EndSlot));
        var states = new List<AlarmRuleState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize(reader.GetString(0), RulesJson.Default.AlarmRuleState) is { } state)
            {
                states.Add(state);
            }
        }

        return states;
    }

    /// <summary>Upserts the evaluator's changed states in one statement.</summary>
    public async Task SaveStatesAsync(IReadOnlyList<AlarmRuleState> states, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (states.Count == 0)
        {
            return;
        }

        // One upsert may not touch a row twice (PostgreSQL refuses it); SQLite's multi-row upsert lets the later row
        // win, and so does this.
        var last = new Dictionary<(string, string), AlarmRuleState>();
        foreach (var state in states)
        {
            last[(state.RuleId, state.AssetId)] = state;
        }

        await using var command = Cmd("""
            INSERT INTO alarm_rule_states (rule_id, asset_id, body, updated_at)
            SELECT r, a, b, $4 FROM unnest($1, $2, $3) AS s(r, a, b)
            ON CONFLICT (rule_id, asset_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """,
            Pg.TextArray(last.Values.Select(s => s.RuleId)), Pg.TextArray(last.Values.Select(s => s.AssetId)),
            Pg.TextArray(last.Values.Select(s => JsonSerializer.Serialize(s, RulesJson.Default.AlarmRuleState))), Pg.Micros(now));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CanonicalEntity?> EntityAsync(EntityKind kind, string key, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM entities WHERE kind = $1 AND entity_key = $2", Pg.Text(kind.ToString()), Pg.Text(key));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body ? EntityJson.Deserialize(kind, body) : null;
    }

    public async Task InsertAlarmAsync(AlarmTransition raised, string? ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO alarms (rule_id, asset_id, raised_at, code, severity, state, text_en, text_zh, reason, flapping, ticket_no)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (rule_id, asset_id, raised_at) DO NOTHING
            """,
            Pg.Text(raised.RuleId), Pg.Text(raised.AssetId), Pg.Micros(raised.At), Pg.Text(raised.Code), Pg.Text(raised.Severity.ToString()),
            Pg.Text(AlarmState.Active.ToString()), Pg.Text(raised.TextEn), Pg.Text(raised.TextZhCn), Pg.Text(raised.Reason),
            Pg.Integer(raised.IsFlapping ? 1 : 0), Pg.Text(ticketNo));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the rule's active alarm on the asset cleared; returns its ticket number, if it had one.</summary>
    public async Task<string?> ClearAlarmAsync(AlarmTransition cleared, CancellationToken cancellationToken)
    {
        // One statement: the newest uncleared alarm is found and cleared together, and its ticket returned.
        await using var command = Cmd("""
            UPDATE alarms SET state = $1, cleared_at = $2
            WHERE (rule_id, asset_id, raised_at) = (
                SELECT rule_id, asset_id, raised_at FROM alarms WHERE rule_id = $3 AND asset_id = $4 AND cleared_at IS NULL
                ORDER BY raised_at DESC LIMIT 1)
            RETURNING ticket_no
            """,
            Pg.Text(AlarmState.Cleared.ToString()), Pg.Micros(cleared.At), Pg.Text(cleared.RuleId), Pg.Text(cleared.AssetId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>Whether every alarm linked to the ticket has cleared.</summary>
    public async Task<bool> AlarmsClearedAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT NOT EXISTS (SELECT 1 FROM alarms WHERE ticket_no = $1 AND cleared_at IS NULL)", Pg.Text(ticketNo));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    public async Task AcknowledgeAlarmsAsync(string ticketNo, DateTimeOffset at, string user, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            UPDATE alarms SET state = $1, acknowledged_at = $2, acknowledged_by = $3
            WHERE ticket_no = $4 AND cleared_at IS NULL AND acknowledged_at IS NULL
            """,
            Pg.Text(AlarmState.Acknowledged.ToString()), Pg.Micros(at), Pg.Text(user), Pg.Text(ticketNo));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next value of a named counter, made in this transaction (the row lock makes it unique across hub nodes).</summary>
    public async Task<long> NextAsync(string counter, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO counters (name, value) VALUES ($1, 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """, Pg.Text(counter));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static NpgsqlParameter BigIntArray(IEnumerable<long> values) =>
        new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. values] };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableMicros(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoreTime.FromMicros(reader.GetInt64(ordinal));

    private NpgsqlCommand Cmd(string sql, params NpgsqlParameter[] parameters)
    {
        var command = Pg.Command(_connection, sql, parameters);
        command.Transaction = _transaction;
        return command;
    }

    private NpgsqlBatch Batch(params NpgsqlBatchCommand[] commands)
    {
        var batch = new NpgsqlBatch(_connection, _transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
