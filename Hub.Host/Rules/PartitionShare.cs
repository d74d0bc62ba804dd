using System.Globalization;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Rules;

/// <summary>
/// How the rules partitions are shared among the live nodes (issue 18 item 2), as a pure function of the lease rows,
/// so that it is tested without a database or a clock.
/// </summary>
/// <remarks>
/// Every node renews a heartbeat lease, <c>rules/nodes/&lt;partitions&gt;/&lt;node&gt;</c>, and each round reads all
/// leases: with N live nodes, each aims for ceil(P / N) partitions. The targets add up to at least P, so every partition
/// finds a holder; a node over its target (a node joined) gives the excess up, and a node under it takes partitions
/// whose lease is not live (free, released, or run out because their holder died). Nobody takes a live lease away:
/// a partition moves only when its holder lets it go or stops renewing, so two nodes never evaluate one machine.
/// </remarks>
internal static class PartitionShare
{
    /// <summary>The prefix of every rules lease; /health lists them together.</summary>
    public const string Prefix = "rules/";

    /// <summary>The singleton lease of the SLA escalation, which writes tickets of every partition.</summary>
    public const string SlaLease = Prefix + "sla";

    private const string NodesPrefix = Prefix + "nodes/";

    /// <summary>The lease of partition <paramref name="index"/>: <c>rules/p3</c>.</summary>
    public static string LeaseName(int index) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}p{index}");

    /// <summary>The heartbeat lease of a node, naming its partition count so that a node configured otherwise is seen.</summary>
    public static string HeartbeatName(int partitions, string node) => string.Create(CultureInfo.InvariantCulture, $"{NodesPrefix}{partitions}/{node}");

    /// <summary>The partition a lease name stands for, or -1.</summary>
    public static int PartitionOf(string leaseName) =>
        leaseName.StartsWith(Prefix + "p", StringComparison.Ordinal)
        && int.TryParse(leaseName.AsSpan(Prefix.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;

    /// <summary>
    /// This node's round: its share of <paramref name="partitions"/> among the live heartbeats in
    /// <paramref name="leases"/> (this node always counts, its own heartbeat may be late), what to give up of
    /// <paramref name="held"/>, and which free partitions to try, starting at an offset of the node's own so that nodes
    /// starting together do not all race for partition 0.
    /// </summary>
    public static PartitionPlan Plan(int partitions, string node, IReadOnlyList<LeaseRecord> leases, IReadOnlyCollection<int> held)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var nodes = new HashSet<string>(StringComparer.Ordinal) { node };
        var mismatched = new SortedSet<string>(StringComparer.Ordinal);
        var taken = new HashSet<int>();
        foreach (var lease in leases.Where(l => l.Live))
        {
            if (lease.Name.StartsWith(NodesPrefix, StringComparison.Ordinal))
            {
                var rest = lease.Name.AsSpan(NodesPrefix.Length);
                var slash = rest.IndexOf('/');
                if (slash > 0 && int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && rest[(slash + 1)..].ToString() is var holder)
                {
                    if (count == partitions)
                    {
                        nodes.Add(holder);
                    }
                    else if (holder != node)
                    {
                        mismatched.Add(string.Create(CultureInfo.InvariantCulture, $"{holder} ({count} partitions)"));
                    }
                }
            }
            else if (PartitionOf(lease.Name) is >= 0 and var index && index < partitions)
            {
                taken.Add(index);
            }
        }

        if (mismatched.Count > 0)
        {
            // Two counts would map one machine to two partitions, held by two nodes: nobody evaluates rather than twice.
            return new PartitionPlan(nodes.Count, 0, [.. held.Order()], [], [.. mismatched]);
        }

        var target = (partitions + nodes.Count - 1) / nodes.Count;
        // The highest numbers go first, so that after a join the nodes settle on contiguous ranges.
        var release = held.Count > target ? held.OrderDescending().Take(held.Count - target).ToList() : [];
        var acquire = new List<int>();
        var missing = target - held.Count;
        var start = (int)(RulePartition.Hash(node) % (uint)partitions);
        for (var i = 0; i < partitions && acquire.Count < missing; i++)
        {
            var index = (start + i) % partitions;
            if (!taken.Contains(index) && !held.Contains(index))
            {
                acquire.Add(index);
            }
        }

        return new PartitionPlan(nodes.Count, target, release, acquire, []);
    }
}
