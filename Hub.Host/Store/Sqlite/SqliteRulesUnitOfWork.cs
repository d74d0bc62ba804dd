using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Rules;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="IRulesUnitOfWork"/> on SQLite: one transaction on a pooled connection of its own. Split by concern: the
/// rules' queue, states and alarms here, tickets and holds in .Tickets.cs, the outbox in .Outbox.cs.
/// </summary>
internal sealed partial class SqliteRulesUnitOfWork : IRulesUnitOfWork
{
    // Enough to cut the statements of a batch by a factor of 64, few enough to stay far below SQLite's and
    // PostgreSQL's parameter limits.
    private const int RowsPerStatement = 64;

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly ChangeFanOut? _changes;

    // The tickets this transaction wrote, told to the desk's live queues after the commit (issue 18 item 4).
    private readonly HashSet<string> _savedTickets = new(StringComparer.Ordinal);

    // A unit of work on the readings' own transaction (issue 20 item 1): the store that began it commits and ends it.
    private readonly bool _joined;

    private SqliteRulesUnitOfWork(DbConnection connection, DbTransaction transaction, ChangeFanOut? changes, bool joined = false)
    {
        _connection = connection;
        _transaction = transaction;
        _changes = changes;
        _joined = joined;
    }

    /// <summary>
    /// A unit of work inside the store's open transaction, for the rules evaluated at ingest (issue 20 item 1). It
    /// neither commits nor disposes the transaction; after the store's commit, <see cref="PublishSaved"/> tells the
    /// desk's live queues of the tickets it wrote.
    /// </summary>
    public static SqliteRulesUnitOfWork Join(DbConnection connection, DbTransaction transaction, ChangeFanOut? changes)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string, int>(RulePartition.SqliteSlotFunction, RulePartition.SlotOf, isDeterministic: true);
        }

        return new SqliteRulesUnitOfWork(connection, transaction, changes, joined: true);
    }

    /// <summary>Tells the desk's live queues of the tickets written, once the joined transaction committed.</summary>
    public void PublishSaved()
    {
        foreach (var ticketNo in _savedTickets)
        {
            _changes?.Publish(new ChangeNotice(ChangeKind.Ticket, ticketNo));
        }
    }

    public static async Task<SqliteRulesUnitOfWork> BeginAsync(
        IStoreConnectionFactory connections, CancellationToken cancellationToken, ChangeFanOut? changes = null)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Issue 18 item 2: a partition reads its machines' readings by slot; SQLite has no MD5, so the hub's own
            // function computes it (deterministic: SQLite may evaluate it once per value).
            if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                sqlite.CreateFunction<string, int>(RulePartition.SqliteSlotFunction, RulePartition.SlotOf, isDeterministic: true);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new SqliteRulesUnitOfWork(connection, transaction, changes);
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
        await SqliteLeaseStore.CheckFenceAsync(_connection, _transaction, "rules pass", cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        PublishSaved();
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
    /// evaluator ignores a reading older than one it has seen for the same rule and machine). SQLite is one node, and
    /// its writer lock already runs the passes one at a time.
    /// </summary>
    public async Task<IReadOnlyList<TelemetryReading>> ReadInputsAsync(RulePartition partition, int limit, long queuedBy, CancellationToken cancellationToken)
    {
        // The reorder window's batch as on PostgreSQL (PostgreSqlRulesUnitOfWork.ReadyInputsSql); without a window, the
        // readings queued first.
        await using var command = Cmd(queuedBy == long.MaxValue
            ? $"""
                SELECT asset_id, metric, ts, value, unit, quality FROM rule_inputs
                WHERE {RulePartition.SqliteSlotFunction}(asset_id) BETWEEN @first AND @last ORDER BY queued LIMIT @limit
                """
            : $"""
                WITH ready AS (
                    SELECT asset_id, metric, ts, value, unit, quality FROM rule_inputs
                    WHERE {RulePartition.SqliteSlotFunction}(asset_id) BETWEEN @first AND @last AND queued <= @by ORDER BY queued LIMIT @limit)
                SELECT asset_id, metric, ts, value, unit, quality FROM ready
                UNION ALL
                SELECT r.asset_id, r.metric, r.ts, r.value, r.unit, r.quality
                FROM rule_inputs r JOIN (SELECT asset_id, max(ts) AS ts FROM ready GROUP BY asset_id) m ON r.asset_id = m.asset_id AND r.ts <= m.ts
                WHERE r.queued > @by
                """);
        Add(command, "@first", partition.FirstSlot);
        Add(command, "@last", partition.EndSlot - 1);
        Add(command, "@limit", limit);
        Add(command, "@by", queuedBy);
        var readings = new List<TelemetryReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings.Add(new TelemetryReading(
                reader.GetString(0), reader.GetString(1), reader.GetDouble(3), NullableString(reader, 4), FromMicros(reader.GetInt64(2)),
                Enum.TryParse<ReadingQuality>(reader.GetString(5), out var quality) ? quality : ReadingQuality.Good));
        }

        readings.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return readings;
    }

    /// <summary>Removes the evaluated readings from the queue, many rows per statement (row values, which SQLite and PostgreSQL both accept).</summary>
    public async Task DeleteInputsAsync(IReadOnlyList<TelemetryReading> readings, CancellationToken cancellationToken)
    {
        foreach (var chunk in readings.Chunk(RowsPerStatement))
        {
            await using var command = Cmd(string.Empty);
            var keys = new string[chunk.Length];
            for (var n = 0; n < chunk.Length; n++)
            {
                keys[n] = string.Create(CultureInfo.InvariantCulture, $"(@a{n}, @m{n}, @t{n})");
                Add(command, string.Create(CultureInfo.InvariantCulture, $"@a{n}"), chunk[n].AssetId);
                Add(command, string.Create(CultureInfo.InvariantCulture, $"@m{n}"), chunk[n].Metric);
                Add(command, string.Create(CultureInfo.InvariantCulture, $"@t{n}"), Micros(chunk[n].Timestamp));
            }

            command.CommandText = "DELETE FROM rule_inputs WHERE (asset_id, metric, ts) IN (" + string.Join(", ", keys) + ")";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Nothing to take on SQLite: one node, one writer at a time.</summary>
    public Task LockPartitionsAsync(int count, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The writer lock is held already, and the store hands readings to the rules only after probing the whole queue
    /// empty in this same transaction (SqliteHubStore.Rules.cs): no partition has anything queued.
    /// </summary>
    public Task<IReadOnlySet<int>> LockForIngestAsync(IReadOnlyList<RulePartition> partitions, CancellationToken cancellationToken) =>
        _joined
            ? Task.FromResult<IReadOnlySet<int>>(new HashSet<int>())
            : throw new InvalidOperationException("Only a unit of work joined to the readings' transaction evaluates at ingest.");

    public async Task<IReadOnlyList<AlarmRuleState>> LoadStatesAsync(RulePartition partition, CancellationToken cancellationToken)
    {
        await using var command = Cmd($"SELECT body FROM alarm_rule_states WHERE {RulePartition.SqliteSlotFunction}(asset_id) BETWEEN @first AND @last");
        Add(command, "@first", partition.FirstSlot);
        Add(command, "@last", partition.EndSlot - 1);
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

    /// <summary>Upserts the evaluator's changed states on SQLite's own handle (RuleStatesUpsert.cs).</summary>
    public Task SaveStatesAsync(IReadOnlyList<AlarmRuleState> states, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RuleStatesUpsert.Apply((Microsoft.Data.Sqlite.SqliteConnection)_connection, states, Micros(now));
        return Task.CompletedTask;
    }

    public async Task<CanonicalEntity?> EntityAsync(EntityKind kind, string key, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT body FROM entities WHERE kind = @k AND entity_key = @key");
        Add(command, "@k", kind.ToString());
        Add(command, "@key", key);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body ? EntityJson.Deserialize(kind, body) : null;
    }

    public async Task InsertAlarmAsync(AlarmTransition raised, string? ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO alarms (rule_id, asset_id, raised_at, code, severity, state, text_en, text_zh, reason, flapping, ticket_no)
            VALUES (@r, @a, @at, @c, @s, @state, @en, @zh, @why, @f, @t)
            ON CONFLICT (rule_id, asset_id, raised_at) DO NOTHING
            """);
        Add(command, "@r", raised.RuleId);
        Add(command, "@a", raised.AssetId);
        Add(command, "@at", Micros(raised.At));
        Add(command, "@c", raised.Code);
        Add(command, "@s", raised.Severity.ToString());
        Add(command, "@state", AlarmState.Active.ToString());
        Add(command, "@en", raised.TextEn);
        Add(command, "@zh", raised.TextZhCn);
        Add(command, "@why", raised.Reason);
        Add(command, "@f", raised.IsFlapping ? 1 : 0);
        Add(command, "@t", ticketNo);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the rule's active alarm on the asset cleared; returns its ticket number, if it had one.</summary>
    public async Task<string?> ClearAlarmAsync(AlarmTransition cleared, CancellationToken cancellationToken)
    {
        await using var find = Cmd("""
            SELECT raised_at, ticket_no FROM alarms WHERE rule_id = @r AND asset_id = @a AND cleared_at IS NULL
            ORDER BY raised_at DESC LIMIT 1
            """);
        Add(find, "@r", cleared.RuleId);
        Add(find, "@a", cleared.AssetId);
        long? raisedAt = null;
        string? ticketNo = null;
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                raisedAt = reader.GetInt64(0);
                ticketNo = NullableString(reader, 1);
            }
        }

        if (raisedAt is null)
        {
            return null;
        }

        await using var update = Cmd("UPDATE alarms SET state = @s, cleared_at = @at WHERE rule_id = @r AND asset_id = @a AND raised_at = @raised");
        Add(update, "@s", AlarmState.Cleared.ToString());
        Add(update, "@at", Micros(cleared.At));
        Add(update, "@r", cleared.RuleId);
        Add(update, "@a", cleared.AssetId);
        Add(update, "@raised", raisedAt.Value);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ticketNo;
    }

    /// <summary>Whether every alarm linked to the ticket has cleared.</summary>
    public async Task<bool> AlarmsClearedAsync(string ticketNo, CancellationToken cancellationToken)
    {
        await using var command = Cmd("SELECT COUNT(*) FROM alarms WHERE ticket_no = @t AND cleared_at IS NULL");
        Add(command, "@t", ticketNo);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0;
    }

    public async Task AcknowledgeAlarmsAsync(string ticketNo, DateTimeOffset at, string user, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            UPDATE alarms SET state = @s, acknowledged_at = @at, acknowledged_by = @u
            WHERE ticket_no = @t AND cleared_at IS NULL AND acknowledged_at IS NULL
            """);
        Add(command, "@s", AlarmState.Acknowledged.ToString());
        Add(command, "@at", Micros(at));
        Add(command, "@u", user);
        Add(command, "@t", ticketNo);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next value of a named counter, made in this transaction (unique across hub nodes on one database).</summary>
    public async Task<long> NextAsync(string counter, CancellationToken cancellationToken)
    {
        await using var command = Cmd("""
            INSERT INTO counters (name, value) VALUES (@n, 1)
            ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
            RETURNING value
            """);
        Add(command, "@n", counter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private DbCommand Cmd(string sql) => Command(_connection, _transaction, sql);
}
