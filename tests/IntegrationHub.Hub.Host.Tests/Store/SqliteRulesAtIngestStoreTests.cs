using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The SQLite store's contract with the rules at ingest (issue 20 item 1): watched readings are handed over in the
/// batch's transaction only while nothing is queued (an older queued reading must be evaluated first); what the rules
/// take is not queued, the rest is; the rules are told whether the transaction committed.
/// </summary>
public sealed class SqliteRulesAtIngestStoreTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-at-ingest-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingIngestRules _rules = new(asset => asset != "EQ-OTHER");
    private readonly SqliteHubStore _store;

    public SqliteRulesAtIngestStoreTests()
    {
        var features = new StoreFeatures(QueueRuleInputs: true, new WorkSignal(), (_, metric) => metric == "temp", _rules);
        _store = new SqliteHubStore(new SqliteConnectionFactory(Path.Combine(_folder, "hub.db")), TimeProvider.System, features);
    }

    [Fact]
    public async Task WatchedReadings_AreHandedOver_TakenOnesNotQueued_OthersQueued()
    {
        await _store.MigrateAsync(CancellationToken.None);

        await _store.ApplyAsync([Reading("EQ-1", "temp", T0), Reading("EQ-1", "rpm", T0), Reading("EQ-OTHER", "temp", T0)], [], CancellationToken.None);

        Assert.Equal(["EQ-1", "EQ-OTHER"], _rules.Handed.Select(r => r.AssetId));
        Assert.Equal((1, 0), (_rules.Committed, _rules.Abandoned));
        Assert.Equal(["EQ-OTHER"], await QueuedAsync());
        Assert.Equal(3L, await ScalarAsync("SELECT count(*) FROM telemetry_readings"));
    }

    [Fact]
    public async Task WhileAnythingIsQueued_NothingIsHandedOver()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await _store.ApplyAsync([Reading("EQ-OTHER", "temp", T0)], [], CancellationToken.None);
        var handed = _rules.Handed.Count;

        // EQ-OTHER's reading waits in the queue: EQ-1's newer one is queued behind it, in order, not evaluated first.
        await _store.ApplyAsync([Reading("EQ-1", "temp", T0.AddSeconds(1))], [], CancellationToken.None);

        Assert.Equal(handed, _rules.Handed.Count);
        Assert.Equal(["EQ-1", "EQ-OTHER"], await QueuedAsync());
    }

    [Fact]
    public async Task ATransactionThatFailsAfterTheHandOver_IsAbandoned_AndStoresNothing()
    {
        await _store.MigrateAsync(CancellationToken.None);
        await ScalarAsync("CREATE TRIGGER refuse_letters BEFORE INSERT ON dead_letters BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");

        await Assert.ThrowsAsync<SqliteException>(() => _store.ApplyAsync(
            [Reading("EQ-1", "temp", T0)], [DeadLetter.Create("plant", "x", "{", "not JSON", T0)], CancellationToken.None));

        Assert.Equal((0, 1), (_rules.Committed, _rules.Abandoned));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Empty(await QueuedAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Run(() => Directory.Delete(_folder, recursive: true));
    }

    private static CanonicalChange Reading(string asset, string metric, DateTimeOffset at) =>
        new(new AssetMetric { AssetId = asset, Metric = metric, Value = 1, Timestamp = at }, new SourceStamp("plant", at));

    private async Task<List<string>> QueuedAsync()
    {
        await using var connection = new SqliteConnection("Data Source=" + Path.Combine(_folder, "hub.db"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT asset_id FROM rule_inputs ORDER BY asset_id";
        var assets = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            assets.Add(reader.GetString(0));
        }

        return assets;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection("Data Source=" + Path.Combine(_folder, "hub.db"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
