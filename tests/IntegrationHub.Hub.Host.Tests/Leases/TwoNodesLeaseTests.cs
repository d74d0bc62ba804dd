using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;
using static IntegrationHub.Hub.Host.Tests.Leases.TwoNodes;

namespace IntegrationHub.Hub.Host.Tests.Leases;

/// <summary>
/// Two hubs (two hosts, each with its own node id and data folder) on one PostgreSQL database, polling one ERP
/// database through the simulator's customer mapping (issue 18 item 1): the poller runs on one node only; when that
/// node dies without handing over, the other takes the poller over once the lease runs out; the dead node's token is
/// refused afterwards; every source row is stored, none lost across the hand-over.
/// </summary>
public sealed class TwoNodesLeaseTests
{
    private const string Source = "erp-db-customers";
    private const string Lease = "sql:" + Source;

    [Fact]
    public async Task PollerRunsOnOneNode_ThatNodeDies_TheOtherTakesItOver_StaleTokenRefused_NoRowLost()
    {
        var erp = await CreateErpDatabaseAsync();
        var seeded = await CountAsync(erp, "SELECT count(*) FROM customers");

        var folderA = FolderWithErpMapping(Source);
        var folderB = FolderWithErpMapping(Source);
        var hubDatabase = await TestStore.DatabaseAsync(folderA);
        string[] shared =
        [
            $"--Hub:Sql:Sources:0:Name={Source}",
            "--Hub:Sql:Sources:0:Provider=Npgsql",
            $"--Hub:Sql:Sources:0:ConnectionString={erp}",
            "--Hub:Sql:Sources:0:Query=SELECT * FROM customers WHERE updated_at >= @watermark ORDER BY updated_at, customer_code",
            "--Hub:Sql:Sources:0:KeyColumn=customer_code",
            "--Hub:Sql:Sources:0:WatermarkColumn=updated_at",
            "--Hub:Sql:Sources:0:WatermarkKind=Timestamp",
            "--Hub:Sql:Sources:0:Interval=00:00:00.100",
            // Short leases, so that the test does not wait the default 6 s for the dead node's lease to run out.
            "--Hub:Leases:Duration=00:00:02",
            "--Hub:Leases:RenewInterval=00:00:00.500",
            "--Hub:Leases:RetryInterval=00:00:00.200",
        ];

        await using var a = await TestHub.StartInAsync(TestStore.PostgreSql, folderA, [.. shared, "--Hub:NodeId=node-a"]);
        // B on A's database: the store settings are given here, as for a second node of one site.
        await using var b = await TestHub.StartInAsync(folderB,
            [.. shared, "--Hub:NodeId=node-b", "--Hub:Store:Provider=postgresql", $"--Hub:Store:ConnectionString={hubDatabase}"]);

        var leaseA = Work(a);
        var leaseB = Work(b);
        var held = Assert.IsType<LeaseGrant>(leaseA.Held);
        Assert.Equal("node-a", held.Holder);
        await b.WaitForLogAsync(1654, $"Lease {Lease} is held by another node; node node-b");
        await WaitUntilAsync(async () => await StoredAsync(hubDatabase) == seeded, $"the {seeded} seeded customers stored by node A");

        // Only A polled: B's poller never ran, and /health on each node says who holds the lease.
        Assert.Null(leaseB.Held);
        Assert.Equal(0, Poller(b).GetStatus().Counts["rowsRead"]);
        Assert.Contains($"\"name\":\"{Lease}\",\"holder\":\"node-a\",\"token\":{held.Token}", await HealthAsync(b), StringComparison.Ordinal);
        Assert.Contains("\"heldHere\":false", await HealthAsync(b), StringComparison.Ordinal);
        Assert.Matches($"\"name\":\"{Lease}\",\"holder\":\"node-a\",\"token\":{held.Token},\"expiresAt\":\"[^\"]+\",\"live\":true,\"heldHere\":true", await HealthAsync(a));

        // A dies without handing over; rows keep arriving at the ERP meanwhile.
        await a.CrashAsync();
        const int Added = 5;
        await PostgresServer.ExecuteAsync(erp, string.Join(';', Enumerable.Range(1, Added).Select(i =>
            $"INSERT INTO customers (customer_code, name) VALUES ('C-HANDOVER-{i}', 'Hand-over {i}')")));

        await b.WaitForLogAsync(1650, $"Lease {Lease} taken by node node-b");
        var taken = Assert.IsType<LeaseGrant>(leaseB.Held);
        Assert.True(taken.Token > held.Token, $"token {taken.Token} after {held.Token}");
        await WaitUntilAsync(async () => await StoredAsync(hubDatabase) == seeded + Added, $"{seeded + Added} customers stored after the hand-over");
        Assert.Equal(seeded + Added, await CountAsync(hubDatabase, $"SELECT count(DISTINCT entity_key) FROM entities WHERE kind = 'Customer' AND source = '{Source}'"));
        Assert.Equal(0, await CountAsync(hubDatabase, $"SELECT count(*) FROM dead_letters WHERE source = '{Source}'"));
        Assert.Matches($"\"name\":\"{Lease}\",\"holder\":\"node-b\",\"token\":{taken.Token},\"expiresAt\":\"[^\"]+\",\"live\":true,\"heldHere\":true", await HealthAsync(b));

        // The dead node's last batch, had it been paused rather than dead, is refused whole with its stale token.
        var watermark = await CountAsync(hubDatabase, $"SELECT count(*) FROM poll_watermarks WHERE source = '{Source}'");
        var before = await b.Services.GetRequiredService<IHubStore>().GetPollWatermarkAsync(Source, CancellationToken.None);
        var stale = new LeaseFence(Lease, held.Token, () => { });
        await Assert.ThrowsAsync<StaleLeaseException>(() => b.Services.GetRequiredService<IHubStore>().ApplyAsync(
            [new CanonicalChange(new Customer { Code = "C-STALE", Name = "Stale" }, new SourceStamp(Source, DateTimeOffset.UtcNow))],
            [], new PollWatermark(Source, "2000-01-01T00:00:00.0000000+00:00") { Fence = stale }, CancellationToken.None));
        Assert.Equal(1, watermark);
        Assert.Equal(before, await b.Services.GetRequiredService<IHubStore>().GetPollWatermarkAsync(Source, CancellationToken.None));
        Assert.Null(await b.Services.GetRequiredService<IHubStore>().GetCustomerAsync("C-STALE", CancellationToken.None));
    }

    private static LeasedWork Work(TestHub hub) => TwoNodes.Work(hub, Lease);

    private static IAdapterStatusSource Poller(TestHub hub) => Status(hub, Lease);

    private static Task<long> StoredAsync(string hubDatabase) =>
        CountAsync(hubDatabase, $"SELECT count(*) FROM entities WHERE kind = 'Customer' AND source = '{Source}'");
}
