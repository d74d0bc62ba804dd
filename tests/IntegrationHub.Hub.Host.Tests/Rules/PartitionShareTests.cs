using IntegrationHub.Hub.Host.Rules;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Rules;

/// <summary>
/// How the rules partitions are shared among live nodes (issue 18 item 2), on lease rows made up here: each node aims
/// for ceil(P / live nodes), gives up what is over it, takes only partitions whose lease is not live, and takes none
/// while a live node counts the partitions otherwise.
/// </summary>
public sealed class PartitionShareTests
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UnixEpoch.AddDays(1);

    [Fact]
    public void Plan_AloneOnAnEmptyStore_TakesEveryPartition()
    {
        var plan = PartitionShare.Plan(16, "node-a", [Beat(16, "node-a")], []);

        Assert.Equal((1, 16), (plan.LiveNodes, plan.Target));
        Assert.Equal(Enumerable.Range(0, 16), plan.Acquire.Order());
        Assert.Empty(plan.Release);
    }

    [Fact]
    public void Plan_ASecondNodeJoins_TheHolderOfAllReleasesHalf_TheNewcomerTakesOnlyFreeOnes()
    {
        List<LeaseRecord> leases = [Beat(16, "node-a"), Beat(16, "node-b"), .. Enumerable.Range(0, 16).Select(i => Partition(i, "node-a"))];

        var a = PartitionShare.Plan(16, "node-a", leases, [.. Enumerable.Range(0, 16)]);
        Assert.Equal((2, 8), (a.LiveNodes, a.Target));
        Assert.Equal([15, 14, 13, 12, 11, 10, 9, 8], a.Release);
        Assert.Empty(a.Acquire);

        // Before A's round, every partition is live and A's: B takes nothing (no lease is taken away from a live holder).
        var b = PartitionShare.Plan(16, "node-b", leases, []);
        Assert.Equal(8, b.Target);
        Assert.Empty(b.Acquire);

        // After it, B takes the eight A let go.
        List<LeaseRecord> released = [Beat(16, "node-a"), Beat(16, "node-b"), .. Enumerable.Range(0, 8).Select(i => Partition(i, "node-a")),
            .. Enumerable.Range(8, 8).Select(i => Partition(i, "node-a", live: false))];
        Assert.Equal(Enumerable.Range(8, 8), PartitionShare.Plan(16, "node-b", released, []).Acquire.Order());
    }

    [Fact]
    public void Plan_ThreeNodes_EachAimsForTheCeiling_SoEveryPartitionHasATaker()
    {
        List<LeaseRecord> leases = [Beat(16, "a"), Beat(16, "b"), Beat(16, "c")];

        var plans = new[] { "a", "b", "c" }.Select(n => PartitionShare.Plan(16, n, leases, [])).ToList();

        Assert.All(plans, p => Assert.Equal((3, 6), (p.LiveNodes, p.Target)));
        Assert.True(plans.Sum(p => p.Target) >= 16);
    }

    [Fact]
    public void Plan_ADeadNodesHeartbeatAndLeasesRanOut_ItIsNotCounted_AndItsPartitionsAreTaken()
    {
        List<LeaseRecord> leases = [Beat(16, "node-a"), Beat(16, "node-b", live: false),
            .. Enumerable.Range(0, 8).Select(i => Partition(i, "node-a")), .. Enumerable.Range(8, 8).Select(i => Partition(i, "node-b", live: false))];

        var plan = PartitionShare.Plan(16, "node-a", leases, [.. Enumerable.Range(0, 8)]);

        Assert.Equal((1, 16), (plan.LiveNodes, plan.Target));
        Assert.Equal(Enumerable.Range(8, 8), plan.Acquire.Order());
    }

    [Fact]
    public void Plan_ALiveNodeCountsThePartitionsOtherwise_NothingTaken_EverythingHeldReleased()
    {
        List<LeaseRecord> leases = [Beat(16, "node-a"), Beat(8, "node-b")];

        var plan = PartitionShare.Plan(16, "node-a", leases, [1, 2]);

        Assert.Equal(0, plan.Target);
        Assert.Empty(plan.Acquire);
        Assert.Equal([1, 2], plan.Release);
        Assert.Equal(["node-b (8 partitions)"], plan.Mismatched);
    }

    [Fact]
    public void PartitionOf_NamesOfOtherLeases_AreNotPartitions()
    {
        Assert.Equal(3, PartitionShare.PartitionOf(PartitionShare.LeaseName(3)));
        Assert.Equal(-1, PartitionShare.PartitionOf(PartitionShare.SlaLease));
        Assert.Equal(-1, PartitionShare.PartitionOf(PartitionShare.HeartbeatName(16, "node-a")));
        Assert.Equal(-1, PartitionShare.PartitionOf("rules/p-1"));
        Assert.Equal(-1, PartitionShare.PartitionOf("files"));
    }

    private static LeaseRecord Beat(int partitions, string node, bool live = true) =>
        new(PartitionShare.HeartbeatName(partitions, node), node, 1, Later, live);

    private static LeaseRecord Partition(int index, string node, bool live = true) =>
        new(PartitionShare.LeaseName(index), node, 1, Later, live);
}
