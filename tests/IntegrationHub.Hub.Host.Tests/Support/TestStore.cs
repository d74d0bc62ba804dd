using System.Collections.Concurrent;
using System.Data.Common;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>
/// The store a test hub runs on (issue 17 item 3: the desk, portal and host tests on both stores): SQLite in the
/// hub's data folder, the embedded default, or PostgreSQL in a database of the run's one server
/// (<see cref="SharedPostgresServer"/>) that belongs to the data folder, so that a hub restarted on the same folder
/// finds the same database. A test class takes one as its constructor's argument; its two derived classes
/// <c>OnSqlite</c> and <c>OnPostgreSql</c> put the store into every test's name.
/// </summary>
public sealed class TestStore
{
    private const string TemplateName = "hub_template";
    private static readonly Lazy<Task<PostgresServer>> Template = new(MigrateTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new(StringComparer.Ordinal);
    private static int _databases;

    private TestStore(string name) => Name = name;

    public static TestStore Sqlite { get; } = new("sqlite");

    public static TestStore PostgreSql { get; } = new("postgresql");

    /// <summary>The value of <c>Hub:Store:Provider</c>.</summary>
    public string Name { get; }

    public bool IsPostgreSql => ReferenceEquals(this, PostgreSql);

    public override string ToString() => Name;

    /// <summary>
    /// The settings that put a hub on this store for <paramref name="dataFolder"/>: none for SQLite (its file lives in
    /// the folder), the provider and the connection string of the folder's database for PostgreSQL.
    /// </summary>
    internal async Task<string[]> SettingsAsync(string dataFolder) => IsPostgreSql
        ? ["--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={await DatabaseAsync(dataFolder)}"]
        : [];

    /// <summary>An open connection to the store of a hub on <paramref name="dataFolder"/>, beside the hub, for a test's own queries.</summary>
    internal async Task<DbConnection> OpenAsync(string dataFolder)
    {
        DbConnection connection = IsPostgreSql
            ? new NpgsqlConnection(await DatabaseAsync(dataFolder))
            : new SqliteConnection("Data Source=" + Path.Combine(dataFolder, "hub.db"));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The connection string of the data folder's PostgreSQL database, made on first use.</summary>
    internal static Task<string> DatabaseAsync(string dataFolder) =>
        Databases.GetOrAdd(Path.GetFullPath(dataFolder), _ => new Lazy<Task<string>>(CreateDatabaseAsync, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Drops the data folder's database, if it has one, with whatever connections are still open to it.</summary>
    internal static async Task DropDatabaseAsync(string dataFolder)
    {
        if (!Databases.TryRemove(Path.GetFullPath(dataFolder), out var database))
        {
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(await database.Value).Database;
        var server = await Template.Value;
        await PostgresServer.ExecuteAsync(server.ConnectionString(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>
    /// A copy of the migrated template: CREATE DATABASE ... TEMPLATE copies its files, far quicker than running every
    /// migration again per test. The hub's own start then finds the schema current, as a restarted hub does.
    /// </summary>
    private static async Task<string> CreateDatabaseAsync()
    {
        var server = await Template.Value;
        var name = "hub_" + Interlocked.Increment(ref _databases);
        await PostgresServer.ExecuteAsync(server.ConnectionString(), $"CREATE DATABASE \"{name}\" TEMPLATE {TemplateName}");
        // Pooled, as a site's hub would run: the store's session state (staging tables, locks) must survive reuse.
        return new NpgsqlConnectionStringBuilder(server.ConnectionString(name)) { Pooling = true }.ToString();
    }

    private static async Task<PostgresServer> MigrateTemplateAsync()
    {
        var server = await SharedPostgresServer.GetAsync();
        // Not the server's C locale: an ICU English collation as the database's default, as on a typical site, so that
        // whatever the store compares or sorts by locale instead of by bytes (as SQLite does) shows. Copies keep it.
        await PostgresServer.ExecuteAsync(server.ConnectionString(),
            $"CREATE DATABASE {TemplateName} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
        await using (var connections = new PostgreSqlConnections(new NpgsqlConnectionStringBuilder(server.ConnectionString(TemplateName)) { Pooling = false }.ToString()))
        {
            var store = new PostgreSqlHubStore(connections, TimeProvider.System, NullLogger<PostgreSqlHubStore>.Instance);
            await store.MigrateAsync(CancellationToken.None);
        }

        return server;
    }
}
