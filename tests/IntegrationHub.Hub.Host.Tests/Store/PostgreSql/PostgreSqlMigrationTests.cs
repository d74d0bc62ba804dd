using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store.PostgreSql;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Hub.Host.Tests.Store.PostgreSql;

/// <summary>Migrations on a real PostgreSQL (issue 17 item 2): under an advisory lock, and refused when the schema is newer.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task MigrateAsync_FourProcessesAtOnce_EachStepAppliedOnceAndAllEndAtTheLatest()
    {
        var database = await postgres.NewDatabaseAsync();
        var processes = Enumerable.Range(0, 4).Select(_ => new PostgresStoreProcess(database)).ToList();
        try
        {
            // All four open their connections first, so that their migrations start as close together as they can.
            foreach (var process in processes)
            {
                await (await process.Connections.OpenConnectionAsync(CancellationToken.None)).DisposeAsync();
            }

            await Task.WhenAll(processes.Select(p => Task.Run(() => p.Store.MigrateAsync(CancellationToken.None))));

            var versions = await Sql.ListAsync<int>(database, "SELECT version FROM schema_migrations ORDER BY version");
            Assert.Equal(PostgreSqlSchema.All.Select(m => m.Version), versions);
            Assert.Equal(PostgreSqlSchema.All.Count, processes.Sum(p => p.Log.Entries.Count(e => e.EventId == 1520)));
            Assert.All(processes, p => Assert.Contains(p.Log.Entries, e => e.EventId == 1525 && e.Message.Contains($"version {PostgreSqlSchema.Latest}", StringComparison.Ordinal)));
            // The lock is released: a fifth start does not wait.
            await using var fifth = new PostgresStoreProcess(database);
            await fifth.Store.MigrateAsync(CancellationToken.None);
            Assert.DoesNotContain(fifth.Log.Entries, e => e.EventId == 1521);
            Assert.Equal(0L, await Sql.CountAsync(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanTheBinary_RefusesNamingBothVersions()
    {
        var database = await postgres.NewDatabaseAsync();
        await using (var first = new PostgresStoreProcess(database))
        {
            await first.Store.MigrateAsync(CancellationToken.None);
        }

        var future = PostgreSqlSchema.Latest + 3;
        await PostgresServer.ExecuteAsync(database, $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({future}, 'from a newer hub', 0)");
        await using var older = new PostgresStoreProcess(database);

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => older.Store.MigrateAsync(CancellationToken.None));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("Hub:Store:ConnectionString", error, StringComparison.Ordinal);
        Assert.Contains($"version {future}", error, StringComparison.Ordinal);
        Assert.Contains($"version {PostgreSqlSchema.Latest}", error, StringComparison.Ordinal);
        Assert.Equal(1L, await Sql.CountAsync(database, $"SELECT count(*) FROM schema_migrations WHERE version = {future}"));
    }
}
