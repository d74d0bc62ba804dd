using IntegrationHub.Adapters.Sql;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>
/// The hub's poll with reading ahead of storing (issue 17, "Benchmarks") when the store itself refuses a batch: a
/// trigger in the store's own <c>entities</c> table fails the third batch, as a full disk or a constraint would.
/// </summary>
public abstract class SqlPollingFailureTests(TestStore testStore)
{
    public sealed class OnSqlite() : SqlPollingFailureTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SqlPollingFailureTests(TestStore.PostgreSql);

    private static readonly string ErpDb = Path.Combine(TestHub.RepositoryRoot(), "deploy", "simulator", "erp-db");

    [Fact]
    public async Task Hub_StoreRefusesBatchThree_WatermarkStaysAtBatchTwo_ThenEveryRowIsStoredOnce()
    {
        var erp = await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync("source_" + Guid.NewGuid().ToString("N")[..12]);
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(ErpDb, "schema.sql")));
        await PostgresServer.ExecuteAsync(erp, "INSERT INTO customers (customer_code, name) VALUES ('C001', 'Customer 1')");
        var dataFolder = TestHub.NewDataFolder();
        foreach (var file in Directory.GetFiles(Path.Combine(ErpDb, "mappings"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(dataFolder, "mappings", Path.GetFileName(file)));
        }

        await using var hub = await TestHub.StartInAsync(testStore, dataFolder,
        [
            "--Hub:Sql:Sources:0:Name=erp-db-orders",
            "--Hub:Sql:Sources:0:Provider=Npgsql",
            $"--Hub:Sql:Sources:0:ConnectionString={erp}",
            "--Hub:Sql:Sources:0:Query=SELECT * FROM sales_orders WHERE updated_at >= @watermark ORDER BY updated_at, order_no",
            "--Hub:Sql:Sources:0:KeyColumn=order_no",
            "--Hub:Sql:Sources:0:WatermarkColumn=updated_at",
            "--Hub:Sql:Sources:0:Overlap=5",
            "--Hub:Sql:Sources:0:BatchSize=100",
            "--Hub:Sql:Sources:0:Interval=00:00:00.100",
        ]);
        var store = hub.Services.GetRequiredService<IHubStore>();
        var poller = hub.Services.GetRequiredService<AdapterRunner<SqlSourcePoller>>().Adapters.Single();

        // The store refuses the first row of the third batch (order 201), inside the batch's transaction.
        await using (var connection = await testStore.OpenAsync(dataFolder))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = testStore.IsPostgreSql
                ? """
                  CREATE FUNCTION fail_batch_3() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN IF NEW.source_ref LIKE '%:SO-T-0201@%' THEN RAISE EXCEPTION 'injected: batch 3 refused'; END IF; RETURN NEW; END $$;
                  CREATE TRIGGER fail_batch_3 BEFORE INSERT ON entities FOR EACH ROW EXECUTE FUNCTION fail_batch_3();
                  """
                : "CREATE TRIGGER fail_batch_3 BEFORE INSERT ON entities WHEN NEW.source_ref LIKE '%:SO-T-0201@%' BEGIN SELECT RAISE(ABORT, 'injected: batch 3 refused'); END;";
            await command.ExecuteNonQueryAsync();
        }

        await PostgresServer.ExecuteAsync(erp, """
            INSERT INTO sales_orders (order_no, customer_code, order_date, total_amount, updated_at)
            SELECT 'SO-T-' || lpad(i::text, 4, '0'), 'C001', date '2026-01-01', i, timestamptz '2026-01-01Z' + i * interval '1 ms'
            FROM generate_series(1, 1000) AS i;
            """);

        await WaitUntilAsync(() => Task.FromResult(poller.GetStatus().Counts["failures"] >= 1));
        Assert.Contains("injected: batch 3 refused", poller.GetStatus().LastError, StringComparison.Ordinal);
        Assert.Equal("2026-01-01T00:00:00.2000000Z", await store.GetPollWatermarkAsync("erp-db-orders", CancellationToken.None));
        Assert.Equal(200, (await store.CountEntitiesAsync(CancellationToken.None))[EntityKind.SalesOrder]);
        Assert.Equal(200, poller.GetStatus().Counts["rowsStored"]);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1620);

        await using (var connection = await testStore.OpenAsync(dataFolder))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = testStore.IsPostgreSql ? "DROP TRIGGER fail_batch_3 ON entities" : "DROP TRIGGER fail_batch_3";
            await command.ExecuteNonQueryAsync();
        }

        await WaitUntilAsync(() => Task.FromResult(poller.WatermarkText == "2026-01-01T00:00:01.0000000Z"));
        Assert.Equal(1000, (await store.CountEntitiesAsync(CancellationToken.None))[EntityKind.SalesOrder]);
        Assert.Equal("2026-01-01T00:00:01.0000000Z", await store.GetPollWatermarkAsync("erp-db-orders", CancellationToken.None));

        // Every row stored once: the retries read batches 1 and 2 again and skipped them as already stored.
        Assert.Equal(1000, poller.GetStatus().Counts["rowsStored"]);
        Assert.Empty(await store.ListDeadLettersAsync("erp-db-orders", includeReplayed: true, take: 10, CancellationToken.None));
    }

    // A condition wait: the 100 ms pause is the poll interval inside it, the 60 s token only a hang guard.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(100, guard.Token);
        }
    }
}
