using System.Net;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store.Sqlite;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Issue 19 item 3: a store made by the first release (Fixtures/hub-schema-1.db, made by that release's own binary: see
/// Fixtures/README.md) is migrated by every later schema step, and the hub of today starts on it with its data whole; a
/// store written by a newer hub is refused at start with a message that says what to do.
/// </summary>
public sealed class SchemaUpgradeTests
{
    private const long FixtureEntities = 234;
    private const string FixtureTokenOfC002 = "hubp_RG3p3YFD7t4rCt02QwEfqFacLNCdIPkc40ZGA5TG7vc";

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Store", "Fixtures", "hub-schema-1.db");

    [Fact]
    public async Task FirstReleaseStore_EveryLaterStepInTurn_AppliesAndKeepsEveryRow()
    {
        var folder = Directory.CreateTempSubdirectory("hub-schema-").FullName;
        try
        {
            var path = Path.Combine(folder, "hub.db");
            File.Copy(Fixture, path);
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT max(version) FROM schema_migrations"));

            // Each later release ran the steps up to its own; applying them in turn checks every one of those stores.
            foreach (var (version, name, sql) in SchemaMigrations.All.Where(m => m.Version > 1).OrderBy(m => m.Version))
            {
                await using (var transaction = await connection.BeginTransactionAsync())
                {
                    await using var step = connection.CreateCommand();
                    step.Transaction = (SqliteTransaction)transaction;
                    step.CommandText = sql;
                    await step.ExecuteNonQueryAsync();
                    await transaction.CommitAsync();
                }

                Assert.True("ok" == (string?)await ScalarAsync(connection, "PRAGMA integrity_check"), $"step {version} ({name}) damaged the store");
                Assert.Equal(FixtureEntities, await ScalarAsync(connection, "SELECT count(*) FROM entities"));
                Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM dead_letters"));
                Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM portal_tokens"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FirstReleaseStore_TodaysHubStartsOnIt_MigratesToTheLatest_DataAndTokensServed()
    {
        var folder = TestHub.NewDataFolder();
        File.Copy(Fixture, Path.Combine(folder, "hub.db"));

        await using var hub = await TestHub.StartInAsync(folder);

        Assert.Equal(SchemaMigrations.Latest, await hub.CountAsync("SELECT max(version) FROM schema_migrations"));
        Assert.Equal(FixtureEntities, await hub.CountAsync("SELECT count(*) FROM entities"));
        // A token the first release issued still opens its customer's order, and only that customer's.
        using var own = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-2026-1124-012", FixtureTokenOfC002));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("SO-2026-1124-012", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var others = await hub.Client.SendAsync(hub.Get("/api/portal/orders/SO-2026-1027-008", FixtureTokenOfC002));
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        var (code, deadLetters, _) = await hub.RunCommandAsync("deadletters", "list");
        Assert.Equal(0, code);
        // The first release's dead letter (the order row with a bad date) is listed and can be replayed.
        Assert.Contains("erp-orders  orders.csv", deadLetters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreOfANewerHub_StartRefused_NamingBothVersions_StoreUntouched()
    {
        var folder = TestHub.NewDataFolder();
        var path = Path.Combine(folder, "hub.db");
        File.Copy(Fixture, path);
        var newer = SchemaMigrations.Latest + 1;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({newer}, 'a step of a newer hub', 0)";
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            var error = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartInAsync(folder));

            Assert.Contains($"schema version {newer}, newer than this hub knows (version {SchemaMigrations.Latest})", error.Message, StringComparison.Ordinal);
            Assert.Contains("Hub:Store:SqlitePath", error.Message, StringComparison.Ordinal);
            await using var check = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            await check.OpenAsync();
            // Refused before any step ran: the first release's tables only, no step of this hub applied.
            Assert.Equal(2L, await ScalarAsync(check, "SELECT count(*) FROM schema_migrations"));
            Assert.Equal(0L, await ScalarAsync(check, "SELECT count(*) FROM sqlite_master WHERE name = 'telemetry_readings'"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
