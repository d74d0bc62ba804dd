using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Telemetry.Retention;
using IntegrationHub.Hub.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static IntegrationHub.Hub.Host.Tests.Leases.TwoNodes;
using static IntegrationHub.Hub.Host.Tests.Support.FenceScope;
using static IntegrationHub.Hub.Host.Tests.Store.TelemetryHistoryDatabase;

namespace IntegrationHub.Hub.Host.Tests.Telemetry.Retention;

/// <summary>
/// Retention is leased work (issue 18 item 1: "a fencing token that every write of that work checks"): each of its
/// batches checks the token in its own transaction, so a node that lost the lease (paused, cut off) deletes nothing
/// and stops, while the node holding the lease runs retention. On both stores.
/// </summary>
public abstract class RetentionFenceTests(TestStore testStore)
{
    public sealed class OnSqlite() : RetentionFenceTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : RetentionFenceTests(TestStore.PostgreSql);

    [Fact]
    public async Task EveryRetentionWrite_StaleToken_RefusedAndNothingDeleted_CurrentTokenDeletes()
    {
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var history = hub.Services.GetRequiredService<ITelemetryHistoryStore>();
        var records = hub.Services.GetRequiredService<IRecordRetentionStore>();
        var store = hub.Services.GetRequiredService<IHubStore>();
        var now = DateTimeOffset.UtcNow;
        await store.ApplyAsync([.. Enumerable.Range(0, 5).Select(i => Reading("temperature", now.AddDays(-8).AddSeconds(i), i))], [], CancellationToken.None);
        await store.ApplyAsync([], [new DeadLetter("old", "erp-orders", "a.csv:2", "{}", "bad", now.AddDays(-200))], CancellationToken.None);

        // This node's lease went to another node: a release and a take-over, the token one up.
        const string Lease = "test:retention";
        var (mine, theirs) = await StolenAsync(leases, Lease);

        var refusals = 0;
        var stale = new LeaseFence(Lease, mine.Token, () => Interlocked.Increment(ref refusals));
        Func<Task<int>>[] writes =
        [
            () => history.RollUpAsync(100, CancellationToken.None),
            () => history.DeleteRawBeforeAsync(now.AddDays(-7), 100, CancellationToken.None),
            () => history.DeleteRollupsBeforeAsync(TelemetryResolution.Minute, now, 100, CancellationToken.None),
            () => history.DeleteRollupsBeforeAsync(TelemetryResolution.Hour, now, 100, CancellationToken.None),
            () => records.DeleteDeadLettersAsync(now, now.AddDays(-180), 100, CancellationToken.None),
            () => records.DeleteFinishedOutboxAsync(now, 100, CancellationToken.None),
        ];
        foreach (var write in writes)
        {
            var refused = await Assert.ThrowsAsync<StaleLeaseException>(() => UnderAsync(stale, write));
            Assert.Equal((Lease, mine.Token), (refused.Lease, refused.Token));
        }

        // Each refusal told the lease runner (which stops the work), and nothing of any batch was done.
        Assert.Equal(writes.Length, refusals);
        Assert.Equal(5, await hub.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM telemetry_rollup_minute"));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM dead_letters"));

        // The holder's token passes the same fence.
        var current = new LeaseFence(Lease, theirs.Token, () => Interlocked.Increment(ref refusals));
        Assert.Equal(5, await UnderAsync(current, () => history.RollUpAsync(100, CancellationToken.None)));
        Assert.Equal(5, await UnderAsync(current, () => history.DeleteRawBeforeAsync(now.AddDays(-7), 100, CancellationToken.None)));
        Assert.Equal(1, await UnderAsync(current, () => records.DeleteDeadLettersAsync(now, now.AddDays(-180), 100, CancellationToken.None)));
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM telemetry_readings"));
        Assert.Equal(writes.Length, refusals);
    }

    [Fact]
    public async Task ProcessedFilesSweep_StaleToken_RefusedAndNoFileDeleted_CurrentTokenDeletesInBatches()
    {
        // The leftover of issue 18 item 1 ("Not fenced: ... the sweep of old processed/ files"): the folder may be
        // shared, and a node whose retention lease moved on swept it all the same.
        await using var hub = await TestHub.StartAsync(testStore);
        var leases = hub.Services.GetRequiredService<ILeaseStore>();
        var sweep = new ProcessedFilesSweep(hub.Services.GetRequiredService<IRecordRetentionStore>(), NullLogger<ProcessedFilesSweep>.Instance);
        var folder = Directory.CreateDirectory(Path.Combine(hub.DataFolder, "shared-processed")).FullName;
        var old = DateTime.UtcNow.AddDays(-60);
        var files = ProcessedFilesSweep.FilesPerBatch + 20;
        for (var i = 0; i < files; i++)
        {
            var file = Path.Combine(folder, $"orders-{i:D4}.csv");
            await File.WriteAllTextAsync(file, "order_no\n");
            File.SetLastWriteTimeUtc(file, old);
        }

        const string Lease = "test:retention-files";
        var (mine, theirs) = await StolenAsync(leases, Lease);
        var refusals = 0;
        var cutoff = DateTimeOffset.UtcNow.AddDays(-30);

        var refused = await Assert.ThrowsAsync<StaleLeaseException>(() => UnderAsync(
            new LeaseFence(Lease, mine.Token, () => Interlocked.Increment(ref refusals)), () => sweep.SweepAsync(folder, cutoff, CancellationToken.None)));

        Assert.Equal((Lease, mine.Token), (refused.Lease, refused.Token));
        Assert.Contains("processed files", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, refusals);
        Assert.Equal(files, Directory.GetFiles(folder).Length);

        // The holder sweeps them all, batch after batch, each under its fence.
        Assert.Equal(files, await UnderAsync(
            new LeaseFence(Lease, theirs.Token, () => Interlocked.Increment(ref refusals)), () => sweep.SweepAsync(folder, cutoff, CancellationToken.None)));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Equal(1, refusals);
    }

    [Fact]
    public async Task RetentionService_ItsLeaseMovedOn_PassRefused_LoggedAndTheWorkStopsOnThisNode()
    {
        // A pass every second (the shortest interval allowed); the lease is renewed only after half an hour, so the
        // pass, not a renewal, is what finds the token stale.
        await using var hub = await TestHub.StartAsync(testStore,
            "--Hub:Retention:Interval=00:00:01", "--Hub:Leases:Duration=01:00:00", "--Hub:Leases:RenewInterval=00:30:00");
        var work = hub.Services.GetServices<LeasedWork>().Single(w => w.Name == "retention");
        var retention = hub.Services.GetServices<IAdapterStatusSource>().Single(s => s.GetStatus().Name == "retention");
        var held = Assert.IsType<LeaseGrant>(work.Held);
        await WaitUntilAsync(() => retention.GetStatus().Counts["passes"] >= 1, "a first pass under the lease");

        // Another node took the lease over (this one was paused): the token moved on.
        await using (var connection = await hub.Store.OpenAsync(hub.DataFolder))
        {
            await using var steal = connection.CreateCommand();
            steal.CommandText = "UPDATE leases SET token = token + 1 WHERE name = 'retention'";
            Assert.Equal(1, await steal.ExecuteNonQueryAsync());
        }

        await hub.WaitForLogAsync(1720, $"lease retention has moved on from token {held.Token}");
        await hub.WaitForLogAsync(1651, $"Lease retention lost by node {work.Node} (token {held.Token}): a write of the work was refused");
        await WaitUntilAsync(() => work.Held is null, "the retention work stopping on this node");
        var status = retention.GetStatus();
        Assert.Equal(AdapterState.Retrying, status.State);
        Assert.Contains("no longer the holder's", status.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(hub.Logs.Entries, e => e.EventId == 1551);
    }
}
