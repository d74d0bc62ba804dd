using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Crm.Core.Alarms;
using IntegrationHub.Hub.Host.Rules;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The rules' state rows upserted on SQLite's own handle, inside the connection's open transaction: statements of
/// <see cref="RowsPerStatement"/> rows prepared once per call, parameters bound by position, each body bound as the
/// UTF-8 the serializer wrote. Every watched reading changes its machine's state (the last reading's time is part of
/// it), so this runs for every batch the rules evaluate. Through the provider, 64 rows of named parameters per
/// statement spent most of their time in SQLite's linear search for each name (perf on the rules benchmark, session
/// 22: strncmp under sqlite3VListNameToNum was the hottest native symbol of the hub), and each statement was parsed
/// again.
/// </summary>
internal static class RuleStatesUpsert
{
    /// <summary>Rows per statement: the readings' insert measured 8 as the best size for positional binding.</summary>
    public const int RowsPerStatement = 8;

    private const int Columns = 4;

    /// <summary>Upserts <paramref name="states"/>, each row's <c>updated_at</c> set to <paramref name="now"/>.</summary>
    public static void Apply(SqliteConnection connection, IReadOnlyList<AlarmRuleState> states, long now)
    {
        var database = connection.Handle
            ?? throw new InvalidOperationException("The SQLite connection is not open: the rules' states cannot be written.");
        var body = new ArrayBufferWriter<byte>(512);
        using var writer = new Utf8JsonWriter(body);
        sqlite3_stmt? full = null;
        try
        {
            var offset = 0;
            for (; offset + RowsPerStatement <= states.Count; offset += RowsPerStatement)
            {
                full ??= Prepare(database, RowsPerStatement);
                Execute(database, full, states, offset, RowsPerStatement, now, body, writer);
            }

            if (states.Count - offset is > 0 and var rest)
            {
                using var statement = Prepare(database, rest);
                Execute(database, statement, states, offset, rest, now, body, writer);
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    /// <summary>The statement for <paramref name="rows"/> rows, with positional parameters ?1..?n.</summary>
    public static string Sql(int rows)
    {
        var sql = new StringBuilder("INSERT INTO alarm_rule_states (rule_id, asset_id, body, updated_at) VALUES ", 96 + (rows * 24));
        for (var row = 0; row < rows; row++)
        {
            var at = (row * Columns) + 1;
            sql.Append(CultureInfo.InvariantCulture, $"{(row == 0 ? "" : ", ")}(?{at}, ?{at + 1}, ?{at + 2}, ?{at + 3})");
        }

        sql.Append(" ON CONFLICT (rule_id, asset_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at");
        return sql.ToString();
    }

    private static sqlite3_stmt Prepare(sqlite3 database, int rows)
    {
        CheckNative(database, raw.sqlite3_prepare_v2(database, Sql(rows), out var statement));
        return statement;
    }

    private static void Execute(
        sqlite3 database, sqlite3_stmt statement, IReadOnlyList<AlarmRuleState> states, int offset, int rows, long now,
        ArrayBufferWriter<byte> body, Utf8JsonWriter writer)
    {
        // Each row's body is serialized into the shared buffer before the next one: SQLITE_TRANSIENT (what the
        // span overload passes) makes SQLite copy the bytes at bind time, so the buffer can be reused at once.
        for (var row = 0; row < rows; row++)
        {
            var state = states[offset + row];
            var at = (row * Columns) + 1;
            body.ResetWrittenCount();
            writer.Reset(body);
            JsonSerializer.Serialize(writer, state, RulesJson.Default.AlarmRuleState);
            writer.Flush();
            CheckNative(database, raw.sqlite3_bind_text(statement, at, state.RuleId));
            CheckNative(database, raw.sqlite3_bind_text(statement, at + 1, state.AssetId));
            CheckNative(database, raw.sqlite3_bind_text(statement, at + 2, body.WrittenSpan));
            CheckNative(database, raw.sqlite3_bind_int64(statement, at + 3, now));
        }

        var result = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (result != raw.SQLITE_DONE)
        {
            CheckNative(database, result);
        }
    }
}
