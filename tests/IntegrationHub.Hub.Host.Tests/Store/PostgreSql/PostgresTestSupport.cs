using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>A PostgreSQL store on its own connections (as another hub process would have), logging to a list.</summary>
internal sealed class PostgresStoreProcess : IAsyncDisposable
{
    public PostgresStoreProcess(string connectionString, TimeProvider? time = null)
    {
        Connections = new PostgreSqlConnections(connectionString);
        Store = new PostgreSqlHubStore(Connections, time ?? TimeProvider.System, new TypedLogger<PostgreSqlHubStore>(Log));
    }

    public PostgreSqlConnections Connections { get; }

    public PostgreSqlHubStore Store { get; }

    public ListLogger Log { get; } = new();

    public ValueTask DisposeAsync() => Connections.DisposeAsync();

    /// <summary>A typed logger over a list logger, for the store's parts that take an <c>ILogger&lt;T&gt;</c>.</summary>
    internal sealed class TypedLogger<T>(ILogger inner) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}

/// <summary>A clock that stands still at the time given.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Queries beside the store.</summary>
internal static class Sql
{
    public static async Task<List<T>> ListAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(string connectionString, string sql) => (await ListAsync<long>(connectionString, sql)).Single();

    /// <summary>The day partitions of the raw history, by name.</summary>
    public static Task<List<string>> PartitionsAsync(string connectionString) => ListAsync<string>(connectionString, """
        SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'telemetry_readings'::regclass ORDER BY 1
        """);
}
