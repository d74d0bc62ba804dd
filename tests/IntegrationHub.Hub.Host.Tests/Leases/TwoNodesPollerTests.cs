using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using IntegrationHub.Tests.Common.Rest;
using Microsoft.Extensions.DependencyInjection;
using static IntegrationHub.Hub.Host.Tests.Leases.TwoNodes;

namespace IntegrationHub.Hub.Host.Tests.Leases;

/// <summary>
/// A poller that loses its lease and later takes it back (issue 18 item 1), on two hubs on one PostgreSQL database:
/// node A polls, its lease is taken from it, node B polls further, B dies and A takes the lease back. A must go on from
/// what B stored, not from what it remembers: no row read twice, none skipped, and no page answered "not modified"
/// from A's memory of a page B has stored a newer version of meanwhile.
/// </summary>
public sealed class TwoNodesPollerTests
{
    private const string SqlSource = "erp-db-customers";
    private const string SqlLease = "sql:" + SqlSource;
    private const string RestSource = "erp-api-orders";
    private const string RestLease = "rest:" + RestSource;

    // A's second try comes 10 s after it lost the lease: B, trying every 0.2 s, takes it first.
    private static readonly TimeSpan RetryA = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SqlPoller_LeaseLostThenRegained_ResumesFromTheWatermarkTheOtherNodeStored_NoRowTwiceNoneSkipped()
    {
        var erp = await CreateErpDatabaseAsync();
        // A version column (numbered in insert order, unique, so "> @watermark" skips nothing) without overlap: every
        // row is read exactly once by whoever polls, so the pollers' counts tell who read what.
        await PostgresServer.ExecuteAsync(erp, "ALTER TABLE customers ADD COLUMN version bigserial");
        var seeded = await CountAsync(erp, "SELECT count(*) FROM customers");

        var folderA = FolderWithErpMapping(SqlSource);
        var folderB = FolderWithErpMapping(SqlSource);
        string[] settings =
        [
            $"--Hub:Sql:Sources:0:Name={SqlSource}",
            "--Hub:Sql:Sources:0:Provider=Npgsql",
            $"--Hub:Sql:Sources:0:ConnectionString={erp}",
            "--Hub:Sql:Sources:0:Query=SELECT * FROM customers WHERE version > @watermark ORDER BY version",
            "--Hub:Sql:Sources:0:KeyColumn=customer_code",
            "--Hub:Sql:Sources:0:WatermarkColumn=version",
            "--Hub:Sql:Sources:0:WatermarkKind=Version",
            "--Hub:Sql:Sources:0:Overlap=0",
            "--Hub:Sql:Sources:0:Interval=00:00:00.100",
        ];
        var (a, b, hubDatabase) = await StartAsync(folderA, folderB, settings, RetryA);
        await using var disposeA = a;
        await using var disposeB = b;
        var pollerA = Status(a, SqlLease);
        var pollerB = Status(b, SqlLease);
        Task<long> StoredAsync() => CountAsync(hubDatabase, $"SELECT count(*) FROM entities WHERE kind = 'Customer' AND source = '{SqlSource}'");

        await WaitUntilAsync(async () => await StoredAsync() == seeded, $"the {seeded} seeded customers stored by node A");
        Assert.Equal(seeded, pollerA.GetStatus().Counts["rowsStored"]);

        // A's lease is taken from it (as after a pause longer than the lease); B takes it and polls the next rows.
        await StealAsync(hubDatabase, SqlLease);
        await a.WaitForLogAsync(1651, $"Lease {SqlLease} lost by node node-a");
        await b.WaitForLogAsync(1650, $"Lease {SqlLease} taken by node node-b");
        await InsertAsync(erp, "B", 5);
        await WaitUntilAsync(async () => await StoredAsync() == seeded + 5, "the 5 rows added while B holds the lease");
        await WaitUntilAsync(() => pollerB.GetStatus().Counts["rowsStored"] == 5, "B's poller counting the 5 rows");
        var watermarkOfB = await b.Services.GetRequiredService<IHubStore>().GetPollWatermarkAsync(SqlSource, CancellationToken.None);
        Assert.Equal((await CountAsync(erp, "SELECT max(version) FROM customers")).ToString(System.Globalization.CultureInfo.InvariantCulture), watermarkOfB);

        // B dies; A takes the lease back once it runs out, and goes on from B's watermark.
        await b.CrashAsync();
        await InsertAsync(erp, "A", 3);
        await WaitUntilAsync(() => Work(a, SqlLease).Acquisitions == 2, "node A taking the lease back");
        await WaitUntilAsync(async () => await StoredAsync() == seeded + 8, "the 3 rows added after B died");
        await WaitUntilAsync(() => pollerA.GetStatus().Counts["rowsStored"] >= seeded + 3, "A's poller counting the 3 rows");

        // Each row read and stored once, by one node: A never read the rows B stored (from its own memory it would
        // have read them again), and nothing between the two went unread.
        Assert.Equal(seeded + 3, pollerA.GetStatus().Counts["rowsStored"]);
        await a.WaitForLogAsync(1300, $"SQL source {SqlSource} (Npgsql) polling from watermark {watermarkOfB}");
        Assert.Equal(5, pollerB.GetStatus().Counts["rowsStored"]);
        Assert.Equal(seeded + 8, await CountAsync(hubDatabase, $"SELECT count(DISTINCT entity_key) FROM entities WHERE kind = 'Customer' AND source = '{SqlSource}'"));
        Assert.Equal(0, await CountAsync(hubDatabase, $"SELECT count(*) FROM dead_letters WHERE source = '{SqlSource}'"));
    }

    [Fact]
    public async Task RestPoller_LeaseLostThenRegained_AsksForEveryPageAfresh_APageChangedAndChangedBackIsStoredAgain()
    {
        await using var api = await FakeErpApi.StartAsync(orders: 120);
        var folderA = TestHub.NewDataFolder();
        var folderB = TestHub.NewDataFolder();
        foreach (var folder in new[] { folderA, folderB })
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "mappings", RestSource + ".yaml"), Pipeline.RestPollingTests.Mapping);
        }

        string[] settings =
        [
            $"--Hub:Rest:Sources:0:Name={RestSource}",
            $"--Hub:Rest:Sources:0:Url={new Uri(api.BaseAddress, "/api/orders")}",
            "--Hub:Rest:Sources:0:ItemsPath=data.items",
            "--Hub:Rest:Sources:0:KeyField=orderNo",
            "--Hub:Rest:Sources:0:Paging:Kind=Page",
            "--Hub:Rest:Sources:0:Paging:Size=50",
            "--Hub:Rest:Sources:0:Auth:Header=X-Api-Key",
            $"--Hub:Rest:Sources:0:Auth:Secret={FakeErpApi.ApiKey}",
            "--Hub:Rest:Sources:0:Interval=00:00:00.200",
        ];
        var (a, b, hubDatabase) = await StartAsync(folderA, folderB, settings, RetryA);
        await using var disposeA = a;
        await using var disposeB = b;
        var pollerA = Status(a, RestLease);
        var pollerB = Status(b, RestLease);
        var store = a.Services.GetRequiredService<IHubStore>();
        Task<long> StoredAsync() => CountAsync(hubDatabase, $"SELECT count(DISTINCT entity_key) FROM entities WHERE kind = 'SalesOrder' AND source = '{RestSource}'");

        // Only A polls; B has not asked the API anything.
        await WaitUntilAsync(async () => await StoredAsync() == 120, "the 120 orders stored by node A");
        await WaitUntilAsync(() => pollerA.GetStatus().Counts["pagesUnchanged"] >= 3, "a poll of A answered 304 for every page");
        Assert.Equal(0, pollerB.GetStatus().Counts["requests"]);

        // A's lease is taken from it; A's poller stops, B's polls and stores an order's change.
        await StealAsync(hubDatabase, RestLease);
        await b.WaitForLogAsync(1650, $"Lease {RestLease} taken by node node-b");
        await WaitUntilAsync(() => pollerA.GetStatus().State == Adapters.Abstractions.AdapterState.Stopped, "A's poller stopping");
        api.Touch(orderIndex: 0, status: "OnHold");
        await WaitUntilAsync(async () => await StatusOfFirstAsync(store) == SalesOrderStatus.OnHold, "B storing SO-R-0001 on hold");

        // B dies; the ERP takes the change back, so that the first page is again the very page A read (same ETag).
        await b.CrashAsync();
        api.Touch(orderIndex: 0, status: "Open");
        await WaitUntilAsync(() => Work(a, RestLease).Acquisitions == 2, "node A taking the lease back");
        var polls = pollerA.GetStatus().Counts["polls"];
        await WaitUntilAsync(() => pollerA.GetStatus().Counts["polls"] >= polls + 1, "a whole poll of A after it took the lease back");

        // From its memory A would have been told "304 Not Modified" and kept B's "on hold", which the ERP no longer says.
        Assert.Equal(SalesOrderStatus.Open, await StatusOfFirstAsync(store));
        Assert.Equal(120, await StoredAsync());
        Assert.Equal(0, await CountAsync(hubDatabase, $"SELECT count(*) FROM dead_letters WHERE source = '{RestSource}'"));
    }

    private static async Task<SalesOrderStatus?> StatusOfFirstAsync(IHubStore store) =>
        (await store.GetOrderSnapshotAsync("SO-R-0001", CancellationToken.None))?.Order?.Status;

    private static Task InsertAsync(string erp, string prefix, int count) =>
        PostgresServer.ExecuteAsync(erp, string.Join(';', Enumerable.Range(1, count).Select(i =>
            $"INSERT INTO customers (customer_code, name) VALUES ('C-{prefix}-{i}', 'Node {prefix} {i}')")));
}
