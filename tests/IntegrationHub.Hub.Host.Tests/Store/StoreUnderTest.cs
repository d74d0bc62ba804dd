using System.Data.Common;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// A migrated, empty <see cref="IHubStore"/> of either kind, for tests that run the same on both (issue 17 item 3):
/// SQLite in a temporary folder, or PostgreSQL in a fresh database of the run's one server.
/// </summary>
internal sealed class StoreUnderTest : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    private readonly Func<DbConnection> _connect;
    private readonly Func<ValueTask> _dispose;

    private StoreUnderTest(IHubStore store, Func<DbConnection> connect, Func<ValueTask> dispose)
    {
        Store = store;
        _connect = connect;
        _dispose = dispose;
    }

    /// <summary>Both kinds, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Kinds => [Sqlite, PostgreSql];

    public IHubStore Store { get; }

    public static async Task<StoreUnderTest> CreateAsync(string kind, PostgresFixture postgres, TimeProvider? time = null, StoreFeatures? features = null)
    {
        time ??= TimeProvider.System;
        StoreUnderTest created;
        if (kind == Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "hub-store-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "hub.db");
            var store = new SqliteHubStore(new SqliteConnectionFactory(path), time, features);
            created = new StoreUnderTest(store, () => new SqliteConnection("Data Source=" + path), () =>
            {
                store.Dispose();
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return ValueTask.CompletedTask;
            });
        }
        else
        {
            // Not the server's C locale: an ICU English collation as the database's default, as on a typical site, so
            // that whatever the store compares or sorts by locale instead of by bytes (as SQLite does) shows.
            var name = "icu_" + Guid.NewGuid().ToString("N")[..12];
            await PostgresServer.ExecuteAsync(postgres.Server.ConnectionString(),
                $"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
            var connectionString = postgres.Server.ConnectionString(name);
            var connections = new PostgreSqlConnections(connectionString);
            var store = new PostgreSqlHubStore(connections, time, NullLogger<PostgreSqlHubStore>.Instance, features);
            created = new StoreUnderTest(store, () => new NpgsqlConnection(connectionString), connections.DisposeAsync);
        }

        await created.Store.MigrateAsync(CancellationToken.None);
        return created;
    }

    /// <summary>Runs a query on the store's database, beside the store, and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = _connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public ValueTask DisposeAsync() => _dispose();
}
