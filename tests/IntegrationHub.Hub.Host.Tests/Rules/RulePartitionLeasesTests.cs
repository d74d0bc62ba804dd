using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// Nodes' rounds over the partitions' leases on a fake clock (issue 18 item 2): a node alone takes them all and the SLA
/// lease; a node that joins gets half within two rounds and nobody holds a partition twice; a node that dies (stops its
/// rounds without releasing) loses its partitions to the other once its leases run out, not before; a clean stop hands
/// everything over at once.
/// </summary>
public sealed class RulePartitionLeasesTests
{
    private const int Partitions = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Renew = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Rounds_ASecondNodeJoinsThenDies_SharedEvenly_ThenTakenOverAfterTheLeaseDuration()
    {
        var (time, store, a, b) = TwoNodes();

        await a.RoundAsync(CancellationToken.None);
        Assert.Equal(Partitions, a.Held.Count);
        Assert.NotNull(a.Sla);

        // B joins: its first round finds every partition live and A's, so it takes none; A's next round lets the
        // excess go; B's next round takes it.
        await b.RoundAsync(CancellationToken.None);
        Assert.Empty(b.Held);
        time.Advance(Renew);
        await a.RoundAsync(CancellationToken.None);
        Assert.Equal(Partitions / 2, a.Held.Count);
        await b.RoundAsync(CancellationToken.None);
        Assert.Equal(Partitions / 2, b.Held.Count);
        Assert.Null(b.Sla);
        AssertEachPartitionHeldOnce(store, a, b);

        // Steady rounds change nothing.
        for (var round = 0; round < 5; round++)
        {
            time.Advance(Renew);
            await a.RoundAsync(CancellationToken.None);
            await b.RoundAsync(CancellationToken.None);
            Assert.Equal((8, 8), (a.Held.Count, b.Held.Count));
            AssertEachPartitionHeldOnce(store, a, b);
        }

        // A dies: it makes no more rounds and releases nothing. Until its leases run out, B takes nothing of A's.
        var aHeld = a.Held.Select(h => h.Partition).ToList();
        time.Advance(Duration - TimeSpan.FromMilliseconds(1));
        await b.RoundAsync(CancellationToken.None);
        Assert.Equal(8, b.Held.Count);
        Assert.All(aHeld, p => Assert.Equal("node-a", store.HolderOf(PartitionShare.LeaseName(p))));

        time.Advance(TimeSpan.FromMilliseconds(1));
        await b.RoundAsync(CancellationToken.None);
        Assert.Equal(Partitions, b.Held.Count);
        Assert.NotNull(b.Sla);
        Assert.All(Enumerable.Range(0, Partitions), p => Assert.Equal("node-b", store.HolderOf(PartitionShare.LeaseName(p))));
    }

    [Fact]
    public async Task ReleaseAll_ACleanStop_TheOtherNodeTakesEverythingAtItsNextRound()
    {
        var (time, store, a, b) = TwoNodes();
        await a.RoundAsync(CancellationToken.None);
        await b.RoundAsync(CancellationToken.None);
        time.Advance(Renew);
        await a.RoundAsync(CancellationToken.None);
        await b.RoundAsync(CancellationToken.None);
        Assert.Equal((8, 8), (a.Held.Count, b.Held.Count));
        AssertEachPartitionHeldOnce(store, a, b);

        await a.ReleaseAllAsync();
        Assert.Empty(a.Snapshot);

        // No waiting for expiry: A's heartbeat is released too, so B's share is everything at once.
        await b.RoundAsync(CancellationToken.None);
        Assert.Equal(Partitions, b.Held.Count);
        Assert.NotNull(b.Sla);
    }

    [Fact]
    public async Task Rounds_ANodeWithAnotherPartitionCount_TakesNothing_AndTheOtherGivesItsPartitionsUp()
    {
        var time = new ManualTimeProvider();
        var store = new ClockLeaseStore(time);
        var a = Node("node-a", store);
        await a.RoundAsync(CancellationToken.None);
        Assert.Equal(Partitions, a.Held.Count);

        var odd = new RulePartitionLeases(8, Options("node-b"), store, NullLogger.Instance);
        await odd.RoundAsync(CancellationToken.None);
        Assert.Empty(odd.Held);
        Assert.Contains("node-a (16 partitions)", odd.Mismatch, StringComparison.Ordinal);

        // Two counts would put one machine in two partitions on two nodes: A stops evaluating rather than risk it.
        time.Advance(Renew);
        await a.RoundAsync(CancellationToken.None);
        Assert.Empty(a.Held);
        Assert.Contains("node-b (8 partitions)", a.Mismatch, StringComparison.Ordinal);
    }

    private static (ManualTimeProvider Time, ClockLeaseStore Store, RulePartitionLeases A, RulePartitionLeases B) TwoNodes()
    {
        var time = new ManualTimeProvider();
        var store = new ClockLeaseStore(time);
        return (time, store, Node("node-a", store), Node("node-b", store));
    }

    private static RulePartitionLeases Node(string id, ClockLeaseStore store) => new(Partitions, Options(id), store, NullLogger.Instance);

    private static HubOptions Options(string node) => new()
    {
        NodeId = node,
        Leases = new LeaseOptions { Duration = Duration, RenewInterval = Renew, RetryInterval = Renew },
    };

    private static void AssertEachPartitionHeldOnce(ClockLeaseStore store, params RulePartitionLeases[] nodes)
    {
        var held = nodes.SelectMany(n => n.Held.Select(h => h.Partition)).ToList();
        Assert.Equal(Enumerable.Range(0, Partitions), held.Order());
        foreach (var node in nodes)
        {
            Assert.All(node.Held, h => Assert.Equal(node.Node, store.HolderOf(PartitionShare.LeaseName(h.Partition))));
        }
    }
}
