using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>A real SQLite store in a folder of its own, migrated, with the history store over it and helpers to store readings.</summary>
internal sealed class TelemetryHistoryDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-history-" + Guid.NewGuid().ToString("N"));

    private TelemetryHistoryDatabase()
    {
        DatabasePath = Path.Combine(_folder, "hub.db");
        Connections = new SqliteConnectionFactory(DatabasePath);
        Store = new SqliteHubStore(Connections, TimeProvider.System);
        History = new SqliteTelemetryHistoryStore(Connections);
    }

    public string DatabasePath { get; }

    public SqliteConnectionFactory Connections { get; }

    public SqliteHubStore Store { get; }

    public SqliteTelemetryHistoryStore History { get; }

    public static async Task<TelemetryHistoryDatabase> CreateAsync()
    {
        var database = new TelemetryHistoryDatabase();
        await database.Store.MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>A history store over the same file, as after a restart: nothing carried over in memory.</summary>
    public SqliteTelemetryHistoryStore Reopen()
    {
        SqliteConnection.ClearAllPools();
        return new SqliteTelemetryHistoryStore(new SqliteConnectionFactory(DatabasePath));
    }

    public static CanonicalChange Reading(string metric, DateTimeOffset at, decimal value, string asset = "EQ-1", string unit = "u") =>
        new(new AssetMetric { AssetId = asset, Metric = metric, Value = value, Unit = unit, Timestamp = at }, new SourceStamp("plant-telemetry", at));

    public Task StoreAsync(params CanonicalChange[] readings) => Store.ApplyAsync(readings, [], CancellationToken.None);

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Connections.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rolls up until caught up; returns the batches taken.</summary>
    public async Task<int> RollUpAllAsync(int batchSize, SqliteTelemetryHistoryStore? history = null)
    {
        var batches = 0;
        while (await (history ?? History).RollUpAsync(batchSize, CancellationToken.None) > 0)
        {
            batches++;
        }

        return batches;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
