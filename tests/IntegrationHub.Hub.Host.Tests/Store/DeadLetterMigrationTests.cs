using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>Issue 16, item 20: migration 10 keys dead letters by source, file content and line, keeping the rows there are.</summary>
public sealed class DeadLetterMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-migrate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseAtVersion9WithDeadLetters_KeepsThemAndStoresAKeyedLetterOnce()
    {
        var connections = new SqliteConnectionFactory(Path.Combine(_folder, "hub.db"));
        await using (var connection = await connections.OpenAsync(CancellationToken.None))
        {
            // The schema as a hub before the fix left it, with the duplicate its re-import made.
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            foreach (var (version, _, sql) in SchemaMigrations.All.Where(m => m.Version < 10))
            {
                await ExecuteAsync(connection, sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations VALUES ({version}, 'before', 0)");
            }

            await ExecuteAsync(connection, """
                INSERT INTO dead_letters (id, source, reference, payload, reason, created_at) VALUES ('a', 'erp-order-lines', 'order_lines.csv:3', '{}', 'bad', 1);
                INSERT INTO dead_letters (id, source, reference, payload, reason, created_at) VALUES ('b', 'erp-order-lines', 'order_lines.csv:3', '{}', 'bad', 2);
                """);
        }

        var store = new SqliteHubStore(connections, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var keyed = DeadLetter.Create("erp-order-lines", "order_lines.csv:4", "{}", "bad", T0) with { ContentKey = "ab12:4" };
        var first = await store.ApplyAsync([], [keyed], CancellationToken.None);
        var again = await store.ApplyAsync([], [DeadLetter.Create("erp-order-lines", "order_lines.csv:4", "{}", "bad", T0) with { ContentKey = "ab12:4" }], CancellationToken.None);
        var otherFile = await store.ApplyAsync([], [DeadLetter.Create("erp-order-lines", "order_lines.csv:4", "{}", "bad", T0) with { ContentKey = "cd34:4" }], CancellationToken.None);

        Assert.Equal((1, 0, 1), (first.DeadLettered, again.DeadLettered, otherFile.DeadLettered));
        var letters = await store.ListDeadLettersAsync("erp-order-lines", includeReplayed: false, 10, CancellationToken.None);
        Assert.Equal(["a", "b"], letters.Select(l => l.Id).Where(id => id.Length == 1).Order());
        Assert.Equal(4, letters.Count);
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
