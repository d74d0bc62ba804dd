using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>The few ADO.NET helpers every store class uses, and the store's time format (Unix microseconds).</summary>
internal static class Db
{
    public static long Micros(DateTimeOffset value) => StoreTime.Micros(value);

    public static DateTimeOffset FromMicros(long micros) => StoreTime.FromMicros(micros);

    public static object MicrosOrNull(DateTimeOffset? value) => value is { } v ? Micros(v) : DBNull.Value;

    public static DateTimeOffset? NullableMicros(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMicros(reader.GetInt64(ordinal));

    public static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Throws the provider's own exception for a failed call on SQLite's handle (the statements that bypass the
    /// provider: EntityUpsert, ReadingsInsert, RuleStatesUpsert), so callers' error handling sees one exception type.
    /// </summary>
    public static void CheckNative(sqlite3 database, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", result);
        }
    }
}
