using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static IntegrationHub.Hub.Host.Tests.Support.FenceScope;

namespace IntegrationHub.Hub.Host.Tests.Pipeline;

/// <summary>
/// The leftover of issue 18 item 1 ("Not fenced: the SQL poller's deleted-row check"): the poller runs as leased work,
/// and its removal of entities whose source rows are gone (events 1304/1305) is now refused on a stale token like its
/// batches and watermark, so a node whose lease moved on cannot remove what the new holder stored. On both stores.
/// </summary>
public abstract class SqlDeletionFenceTests(TestStore testStore)
{
    public sealed class OnSqlite() : SqlDeletionFenceTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : SqlDeletionFenceTests(TestStore.PostgreSql);

    private const string Source = "erp-db-customers";
    private const string Lease = "sql:" + Source;

    [Fact]
    public async Task DeleteEntitiesAsync_StaleToken_RefusedAndNothingRemoved_CurrentTokenRemoves()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var store = hub.Services.GetRequiredService<IHubStore>();
        var now = DateTimeOffset.UtcNow;
        await store.ApplyAsync(
            [.. new[] { "C-GONE-1", "C-GONE-2" }.Select(code => new CanonicalChange(new Customer { Code = code, Name = code }, new SourceStamp(Source, now, "id=" + code)))],
            [], CancellationToken.None);
        var gone = await store.GetEntitiesOfSourceAsync(Source, CancellationToken.None);
        Assert.Equal(2, gone.Count);
        var (mine, theirs) = await StolenAsync(hub.Services.GetRequiredService<ILeaseStore>(), Lease);
        var refusals = 0;

        var refused = await Assert.ThrowsAsync<StaleLeaseException>(() => UnderAsync(
            new LeaseFence(Lease, mine.Token, () => Interlocked.Increment(ref refusals)), () => store.DeleteEntitiesAsync(gone, CancellationToken.None)));

        Assert.Equal((Lease, mine.Token), (refused.Lease, refused.Token));
        Assert.Contains("deleted-row removal of 2 entities", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, refusals);
        Assert.Equal(2, (await store.GetEntitiesOfSourceAsync(Source, CancellationToken.None)).Count);

        // The holder's token removes them; outside leased work (no fence) the removal is as before.
        Assert.Equal(1, await UnderAsync(
            new LeaseFence(Lease, theirs.Token, () => Interlocked.Increment(ref refusals)), () => store.DeleteEntitiesAsync([gone[0]], CancellationToken.None)));
        Assert.Equal(1, await store.DeleteEntitiesAsync([gone[1]], CancellationToken.None));
        Assert.Empty(await store.GetEntitiesOfSourceAsync(Source, CancellationToken.None));
        Assert.Equal(1, refusals);
    }
}
