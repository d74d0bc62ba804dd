using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>
/// The hub polling the simulator's ERP and WMS databases (deploy/simulator/erp-db, wms-db) in a real PostgreSQL,
/// through their mapping files, into its store; the watermark is stored with the rows and survives a restart.
/// </summary>
public abstract class SqlPollingTests(TestStore testStore)
{
    public sealed class OnSqlite() : SqlPollingTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SqlPollingTests(TestStore.PostgreSql);

    private static readonly string Simulator = Path.Combine(TestHub.RepositoryRoot(), "deploy", "simulator");

    [Fact]
    public async Task Hub_PollsErpAndWms_OrdersBecomeShippedAndDelivered_WatermarkSurvivesRestart()
    {
        var erp = await SourceDatabaseAsync();
        var wms = await SourceDatabaseAsync();
        foreach (var (db, folder) in new[] { (erp, "erp-db"), (wms, "wms-db") })
        {
            await PostgresServer.ExecuteAsync(db, await File.ReadAllTextAsync(Path.Combine(Simulator, folder, "schema.sql")));
            await PostgresServer.ExecuteAsync(db, await File.ReadAllTextAsync(Path.Combine(Simulator, folder, "seed.sql")));
        }

        var dataFolder = TestHub.NewDataFolder();
        foreach (var file in Directory.GetFiles(Simulator, "*.yaml", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(dataFolder, "mappings", Path.GetFileName(file)));
        }

        string[] settings =
        [
            .. Source(0, "erp-db-customers", erp, "SELECT * FROM customers WHERE updated_at >= @watermark ORDER BY updated_at, customer_code", "customer_code", "updated_at", "Timestamp"),
            .. Source(1, "erp-db-orders", erp, "SELECT * FROM sales_orders WHERE updated_at >= @watermark ORDER BY updated_at, order_no", "order_no", "updated_at", "Timestamp"),
            .. Source(2, "erp-db-order-lines", erp, "SELECT order_no || '/' || line_no AS line_key, * FROM sales_order_lines WHERE updated_at >= @watermark ORDER BY updated_at, order_no, line_no", "line_key", "updated_at", "Timestamp"),
            .. Source(3, "wms-db-shipments", wms, "SELECT * FROM shipments WHERE version >= @watermark ORDER BY version", "shipment_no", "version", "Version"),
        ];

        await using (var hub = await TestHub.StartInAsync(testStore, dataFolder, settings))
        {
            hub.KeepDataFolder = true;
            var delivered = await WaitForStageAsync(hub, "SO-DB-002", OrderStage.Delivered);
            Assert.Equal("ZTO9876543210", delivered.Shipments.Single().TrackingNo);
            await WaitForStageAsync(hub, "SO-DB-001", OrderStage.Shipped);

            var store = hub.Services.GetRequiredService<IHubStore>();
            Assert.Equal("2", await store.GetPollWatermarkAsync("wms-db-shipments", CancellationToken.None));
            using var health = await hub.Client.GetAsync("/health");
            var body = await health.Content.ReadAsStringAsync();
            Assert.Contains("sql:wms-db-shipments", body, StringComparison.Ordinal);
            Assert.Contains("\"watermarkVersion\":2", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Username=postgres", body, StringComparison.Ordinal);
        }

        // While the hub is down, the WMS delivers SO-DB-001; the restarted hub goes on from the stored watermark.
        await PostgresServer.ExecuteAsync(wms, "UPDATE shipments SET delivered_at = now() WHERE shipment_no = 'SH-DB-001'");
        await using (var hub = await TestHub.StartInAsync(testStore, dataFolder, settings))
        {
            await WaitForStageAsync(hub, "SO-DB-001", OrderStage.Delivered);
            var store = hub.Services.GetRequiredService<IHubStore>();
            Assert.Equal("3", await store.GetPollWatermarkAsync("wms-db-shipments", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Hub_OrderDeletedInTheErp_IsRemovedByTheKeyComparison_OthersKept()
    {
        var erp = await SourceDatabaseAsync();
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(Simulator, "erp-db", "schema.sql")));
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(Simulator, "erp-db", "seed.sql")));
        var dataFolder = TestHub.NewDataFolder();
        foreach (var file in Directory.GetFiles(Path.Combine(Simulator, "erp-db", "mappings"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(dataFolder, "mappings", Path.GetFileName(file)));
        }

        await using var hub = await TestHub.StartInAsync(testStore, dataFolder,
        [
            .. Source(0, "erp-db-orders", erp, "SELECT * FROM sales_orders WHERE updated_at >= @watermark ORDER BY updated_at, order_no", "order_no", "updated_at", "Timestamp"),
            "--Hub:Sql:Sources:0:KeysQuery=SELECT order_no FROM sales_orders",
            "--Hub:Sql:Sources:0:KeysInterval=00:00:00.200",
        ]);
        var store = hub.Services.GetRequiredService<IHubStore>();
        await WaitUntilAsync(async () => await store.GetOrderSnapshotAsync("SO-DB-002", CancellationToken.None) is not null);

        await PostgresServer.ExecuteAsync(erp, "DELETE FROM sales_order_lines WHERE order_no = 'SO-DB-002'; DELETE FROM sales_orders WHERE order_no = 'SO-DB-002'");

        await WaitUntilAsync(async () => await store.GetOrderSnapshotAsync("SO-DB-002", CancellationToken.None) is null);
        Assert.NotNull(await store.GetOrderSnapshotAsync("SO-DB-001", CancellationToken.None));
        using var health = await hub.Client.GetAsync("/health");
        Assert.Contains("\"rowsDeleted\":1", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1304);
    }

    /// <summary>A fresh database on the run's one server for the simulated ERP or WMS (the hub's own, on PostgreSQL, is another).</summary>
    private static async Task<string> SourceDatabaseAsync() =>
        await (await SharedPostgresServer.GetAsync()).CreateDatabaseAsync("source_" + Guid.NewGuid().ToString("N")[..12]);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    private static string[] Source(int i, string name, string connectionString, string query, string key, string watermark, string kind) =>
    [
        $"--Hub:Sql:Sources:{i}:Name={name}",
        $"--Hub:Sql:Sources:{i}:Provider=Npgsql",
        $"--Hub:Sql:Sources:{i}:ConnectionString={connectionString}",
        $"--Hub:Sql:Sources:{i}:Query={query}",
        $"--Hub:Sql:Sources:{i}:KeyColumn={key}",
        $"--Hub:Sql:Sources:{i}:WatermarkColumn={watermark}",
        $"--Hub:Sql:Sources:{i}:WatermarkKind={kind}",
        $"--Hub:Sql:Sources:{i}:Overlap=5",
        $"--Hub:Sql:Sources:{i}:Interval=00:00:00.100",
    ];

    private static async Task<OrderSnapshot> WaitForStageAsync(TestHub hub, string orderNo, OrderStage stage)
    {
        var store = hub.Services.GetRequiredService<IHubStore>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await store.GetOrderSnapshotAsync(orderNo, deadline.Token) is { } snapshot
                && snapshot.Lines.Count > 0
                && OrderProgressCalculator.Compute(snapshot, DateTimeOffset.UtcNow).Stage == stage)
            {
                return snapshot;
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
