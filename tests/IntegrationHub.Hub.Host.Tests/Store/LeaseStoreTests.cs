using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// The lease store's contract on both stores (issue 18 item 1): one holder at a time, a token that grows with every
/// new holder, expiry by the database's clock, and the poller's watermark statement refusing a stale token with the
/// whole batch. Two "nodes" are two holder ids on one store; the hub's own leased work uses other names.
/// </summary>
public abstract class LeaseStoreTests(TestStore testStore)
{
    public sealed class OnSqlite() : LeaseStoreTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : LeaseStoreTests(TestStore.PostgreSql);

    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    // Runs out at once: the next statement, by the database's clock, finds it expired.
    private static readonly TimeSpan Instant = TimeSpan.FromTicks(10);

    [Fact]
    public async Task Acquire_FreeLease_FirstTokenAndDatabaseExpiry_AnotherNodeRefusedWhileLive()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();

        var a = await leases.TryAcquireAsync("test:one", "node-a", Long, CancellationToken.None);

        Assert.NotNull(a);
        Assert.Equal(1, a.Token);
        Assert.InRange(a.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(70));
        Assert.Null(await leases.TryAcquireAsync("test:one", "node-b", Long, CancellationToken.None));
        var row = Assert.Single(await leases.ListAsync(CancellationToken.None), r => r.Name == "test:one");
        Assert.Equal(new LeaseRecord("test:one", "node-a", 1, a.ExpiresAt, Live: true), row);
    }

    [Fact]
    public async Task Renew_CurrentToken_MovesTheExpiry_StaleTokenOrOtherHolderGetsNull()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var a = (await leases.TryAcquireAsync("test:renew", "node-a", TimeSpan.FromMinutes(1), CancellationToken.None))!;

        var renewed = await leases.RenewAsync(a, Long, CancellationToken.None);

        Assert.NotNull(renewed);
        Assert.Equal(a.Token, renewed.Token);
        Assert.True(renewed.ExpiresAt > a.ExpiresAt, $"{renewed.ExpiresAt:O} after {a.ExpiresAt:O}");
        Assert.Null(await leases.RenewAsync(a with { Token = a.Token - 1 }, Long, CancellationToken.None));
        Assert.Null(await leases.RenewAsync(a with { Holder = "node-b" }, Long, CancellationToken.None));
    }

    [Fact]
    public async Task Release_AnotherNodeTakesItAtOnce_WithTheNextToken_TheOldHolderCanNoLongerRenew()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var a = (await leases.TryAcquireAsync("test:release", "node-a", Long, CancellationToken.None))!;

        await leases.ReleaseAsync(a, CancellationToken.None);
        var b = await leases.TryAcquireAsync("test:release", "node-b", Long, CancellationToken.None);

        Assert.NotNull(b);
        Assert.Equal(a.Token + 1, b.Token);
        Assert.Null(await leases.RenewAsync(a, Long, CancellationToken.None));
        // A stale release leaves the new holder's lease alone.
        await leases.ReleaseAsync(a, CancellationToken.None);
        Assert.Null(await leases.TryAcquireAsync("test:release", "node-a", Long, CancellationToken.None));
    }

    [Fact]
    public async Task Acquire_SameHolderWhileLive_Refused_NodesGivenOneIdByMistakeTakeTurns()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var first = (await leases.TryAcquireAsync("test:again", "node-a", Long, CancellationToken.None))!;

        // A second process with the same node id (or this one after a renewal it could not confirm) waits for the
        // expiry like any other node, rather than running the work beside the first.
        Assert.Null(await leases.TryAcquireAsync("test:again", "node-a", Long, CancellationToken.None));
        Assert.Equal(first.Token, (await leases.RenewAsync(first, Long, CancellationToken.None))?.Token);
    }

    [Fact]
    public async Task Acquire_ExpiredLease_AnotherNodeTakesItOver_WithTheNextToken()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var a = (await leases.TryAcquireAsync("test:expiry", "node-a", Instant, CancellationToken.None))!;

        var b = await TakeOverAsync(leases, "test:expiry", "node-b");

        Assert.Equal(a.Token + 1, b.Token);
        Assert.Equal("node-b", Assert.Single(await leases.ListAsync(CancellationToken.None), r => r.Name == "test:expiry").Holder);
    }

    [Fact]
    public async Task FencedWatermark_StaleToken_WholeBatchRefusedAndRolledBack_CurrentTokenStores()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var store = hub.Services.GetRequiredService<IHubStore>();
        const string Name = "sql:test-source";
        var (a, b) = await StolenAsync(leases, Name);
        var refusals = 0;
        var stale = new LeaseFence(Name, a.Token, () => refusals++);
        CanonicalChange[] batch = [new(new Customer { Code = "C-FENCE", Name = "Fenced" }, new SourceStamp("test-source", DateTimeOffset.UtcNow))];

        var error = await Assert.ThrowsAsync<StaleLeaseException>(() =>
            store.ApplyAsync(batch, [], new PollWatermark("test-source", "7") { Fence = stale }, CancellationToken.None));

        Assert.Contains($"lease '{Name}': token {a.Token}", error.Message, StringComparison.Ordinal);
        Assert.Contains("watermark 7 of test-source", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, refusals);
        Assert.Null(await store.GetCustomerAsync("C-FENCE", CancellationToken.None));
        Assert.Null(await store.GetPollWatermarkAsync("test-source", CancellationToken.None));

        var current = new LeaseFence(Name, b.Token, () => refusals++);
        await store.ApplyAsync(batch, [], new PollWatermark("test-source", "7") { Fence = current }, CancellationToken.None);

        Assert.Equal("Fenced", (await store.GetCustomerAsync("C-FENCE", CancellationToken.None))?.Name);
        Assert.Equal("7", await store.GetPollWatermarkAsync("test-source", CancellationToken.None));
        Assert.Equal(1, refusals);
    }

    [Fact]
    public async Task BatchWithoutWatermark_UnderAStaleFence_RefusedWhole_CurrentFenceOrNoneStores()
    {
        // The writes of the file drop, the REST poller and the MES adapter: changes and dead letters, no watermark.
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var store = hub.Services.GetRequiredService<IHubStore>();
        const string Name = "test:files";
        var (a, b) = await StolenAsync(leases, Name);
        var refusals = 0;
        CanonicalChange[] batch = [new(new Customer { Code = "C-CHUNK", Name = "Chunk" }, new SourceStamp("erp-customers", DateTimeOffset.UtcNow))];
        DeadLetter[] letters = [new("chunk-letter", "erp-customers", "customers.csv:3", "{}", "bad", DateTimeOffset.UtcNow)];

        LeaseFence.Current = new LeaseFence(Name, a.Token, () => refusals++);
        try
        {
            var error = await Assert.ThrowsAsync<StaleLeaseException>(() => store.ApplyAsync(batch, letters, CancellationToken.None));
            Assert.Contains($"lease '{Name}': token {a.Token}", error.Message, StringComparison.Ordinal);
            Assert.Contains("batch of 1 changes and 1 dead letters was refused", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, refusals);
            Assert.Null(await store.GetCustomerAsync("C-CHUNK", CancellationToken.None));
            Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM dead_letters"));

            LeaseFence.Current = new LeaseFence(Name, b.Token, () => refusals++);
            await store.ApplyAsync(batch, letters, CancellationToken.None);
            Assert.Equal("Chunk", (await store.GetCustomerAsync("C-CHUNK", CancellationToken.None))?.Name);
            Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM dead_letters"));
        }
        finally
        {
            LeaseFence.Current = null;
        }

        // Outside leased work (a desk request, an admin command, MQTT telemetry) nothing is checked.
        await store.ApplyAsync([new(new Customer { Code = "C-FREE", Name = "Free" }, new SourceStamp("erp-customers", DateTimeOffset.UtcNow))], [], CancellationToken.None);
        Assert.Equal("Free", (await store.GetCustomerAsync("C-FREE", CancellationToken.None))?.Name);
        Assert.Equal(1, refusals);
    }

    [Fact]
    public async Task RulesPass_StaleFence_CommitRefusedAndRolledBack_CurrentFenceCommits()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var rules = hub.Services.GetRequiredService<IRulesStore>();
        const string Name = "test:rules";
        var (a, b) = await StolenAsync(leases, Name);

        // The fence a rules stage's pass (and its SLA escalations) runs under on node A, which no longer holds the lease.
        LeaseFence.Current = new LeaseFence(Name, a.Token, () => { });
        await using (var pass = await rules.BeginAsync(CancellationToken.None))
        {
            Assert.Equal(1, await pass.NextAsync("test-pass", CancellationToken.None));
            var error = await Assert.ThrowsAsync<StaleLeaseException>(() => pass.CommitAsync(CancellationToken.None));
            Assert.Contains("rules pass was refused", error.Message, StringComparison.Ordinal);
        }

        LeaseFence.Current = new LeaseFence(Name, b.Token, () => { });
        await using (var pass = await rules.BeginAsync(CancellationToken.None))
        {
            // 1 again: the refused pass's increment was rolled back with it.
            Assert.Equal(1, await pass.NextAsync("test-pass", CancellationToken.None));
            await pass.CommitAsync(CancellationToken.None);
        }

        LeaseFence.Current = null;
        await using (var pass = await rules.BeginAsync(CancellationToken.None))
        {
            Assert.Equal(2, await pass.NextAsync("test-pass", CancellationToken.None));
        }
    }

    // Node A's lease, run out and taken over by node B: A's token is stale, B's current.
    private static async Task<(LeaseGrant A, LeaseGrant B)> StolenAsync(ILeaseStore leases, string name)
    {
        var a = (await leases.TryAcquireAsync(name, "node-a", Instant, CancellationToken.None))!;
        return (a, await TakeOverAsync(leases, name, "node-b"));
    }

    // Takes the lease for another node as soon as the database's clock has passed its expiry.
    private static async Task<LeaseGrant> TakeOverAsync(ILeaseStore leases, string name, string node)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await leases.TryAcquireAsync(name, node, Long, hangGuard.Token) is { } grant)
            {
                return grant;
            }

            // A poll interval inside a condition wait with a hang guard: the clock is the database's, not a fake one.
            await Task.Delay(10, hangGuard.Token);
        }
    }
}
