using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// Positional parameters with their PostgreSQL type stated, so that a prepared statement keeps one set of parameter
/// types whether a value is null or not (a NULL of unknown type would make Npgsql prepare the statement again).
/// </summary>
internal static class Pg
{
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter BigInt(long? value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, Value = value is { } v ? v : DBNull.Value };

    public static NpgsqlParameter Micros(DateTimeOffset? value) => BigInt(value is { } v ? StoreTime.Micros(v) : null);

    public static NpgsqlParameter Integer(int value) => new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    public static NpgsqlParameter TextArray(IEnumerable<string> values) =>
        new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. values] };

    /// <summary>A one-dimensional array of <paramref name="elementType"/> (nulls allowed where the element type is nullable).</summary>
    public static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType elementType) =>
        new NpgsqlParameter<T[]> { NpgsqlDbType = NpgsqlDbType.Array | elementType, TypedValue = values };

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlBatchCommand BatchCommand(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
