using System.Data.Common;
using IntegrationHub.Adapters.Mqtt.Client;
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
    private readonly Func<IMqttSessionStore> _mqttSessions;
    private readonly Func<ValueTask> _dispose;
    private readonly List<IAsyncDisposable> _extra = [];

    private StoreUnderTest(IHubStore store, StoreParts parts, Func<DbConnection> connect, Func<ValueTask> dispose)
    {
        Store = store;
        Rules = parts.Rules;
        Outbox = parts.Outbox;
        Retention = parts.Retention;
        History = parts.History;
        _mqttSessions = parts.MqttSessions;
        _connect = connect;
        _dispose = dispose;
    }

    /// <summary>Both kinds, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Kinds => [Sqlite, PostgreSql];

    public IHubStore Store { get; }

    /// <summary>The same database's rules units of work.</summary>
    public IRulesStore Rules { get; }

    /// <summary>The same database's outbox.</summary>
    public IOutboxStore Outbox { get; }

    /// <summary>The same database's retention of dead letters and finished outbox messages.</summary>
    public IRecordRetentionStore Retention { get; }

    /// <summary>The same database's telemetry rollups and raw retention.</summary>
    public ITelemetryHistoryStore History { get; }

    /// <summary>
    /// An outbox store on the same database with connections of its own (on PostgreSQL a second data source), as
    /// another hub node has (issue 18 item 3).
    /// </summary>
    public IOutboxStore NewOutboxStore()
    {
        switch (_connect())
        {
            case NpgsqlConnection npgsql:
                var connections = new PostgreSqlConnections(npgsql.ConnectionString);
                npgsql.Dispose();
                _extra.Add(connections);
                return new PostgreSqlOutboxStore(connections);
            case var sqlite:
                var path = ((SqliteConnection)sqlite).DataSource;
                sqlite.Dispose();
                return new SqliteOutboxStore(new SqliteConnectionFactory(path));
        }
    }

    /// <summary>The CRM change feed's store on the same database (issue 23 item 1).</summary>
    public ICrmFeedStore NewCrmFeedStore()
    {
        switch (_connect())
        {
            case NpgsqlConnection npgsql:
                var connections = new PostgreSqlConnections(npgsql.ConnectionString);
                npgsql.Dispose();
                _extra.Add(connections);
                return new PostgreSqlCrmFeedStore(connections);
            case var sqlite:
                var path = ((SqliteConnection)sqlite).DataSource;
                sqlite.Dispose();
                return new SqliteCrmFeedStore(new SqliteConnectionFactory(path));
        }
    }

    /// <summary>An open connection to the store's database, beside the store, for a test's own transactions.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        var connection = _connect();
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A new MQTT session store on the same database, as a restarted process would make (its own connections).</summary>
    public IMqttSessionStore NewMqttSessionStore() => _mqttSessions();

    public static async Task<StoreUnderTest> CreateAsync(string kind, PostgresFixture postgres, TimeProvider? time = null, StoreFeatures? features = null)
    {
        time ??= TimeProvider.System;
        StoreUnderTest created;
        if (kind == Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "hub-store-" + Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "hub.db");
            var factory = new SqliteConnectionFactory(path);
            var store = new SqliteHubStore(factory, time, features);
            var parts = new StoreParts(
                new SqliteRulesStore(factory), new SqliteOutboxStore(factory), new SqliteRecordRetentionStore(factory), new SqliteTelemetryHistoryStore(factory),
                () => new SqliteMqttSessionStore(new SqliteConnectionFactory(path)));
            created = new StoreUnderTest(store, parts, () => new SqliteConnection("Data Source=" + path), () =>
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
            var parts = new StoreParts(
                new PostgreSqlRulesStore(connections), new PostgreSqlOutboxStore(connections), new PostgreSqlRecordRetentionStore(connections),
                new PostgreSqlTelemetryHistoryStore(connections, store), () => new PostgreSqlMqttSessionStore(connections));
            created = new StoreUnderTest(store, parts, () => new NpgsqlConnection(connectionString), connections.DisposeAsync);
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

    /// <summary>Stores readings (or any changes) as the adapters' sinks do.</summary>
    public Task StoreAsync(params IntegrationHub.Crm.Core.Changes.CanonicalChange[] changes) => Store.ApplyAsync(changes, [], CancellationToken.None);

    /// <summary>Rolls up until caught up; returns the batches taken.</summary>
    public async Task<int> RollUpAllAsync(int batchSize)
    {
        var batches = 0;
        while (await History.RollUpAsync(batchSize, CancellationToken.None) > 0)
        {
            batches++;
        }

        return batches;
    }

    /// <summary>Runs a statement on the store's database, beside the store.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = _connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A count (or any integer) the query returns, whatever integer type the database gives.</summary>
    public async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var extra in _extra)
        {
            await extra.DisposeAsync();
        }

        await _dispose();
    }

    private sealed record StoreParts(
        IRulesStore Rules, IOutboxStore Outbox, IRecordRetentionStore Retention, ITelemetryHistoryStore History, Func<IMqttSessionStore> MqttSessions);
}
