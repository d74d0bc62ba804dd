namespace IntegrationHub.Hub.Host.Rules;

/// <summary>What one node does with the rules partitions in one round (issue 18 item 2).</summary>
/// <param name="LiveNodes">The nodes with a live heartbeat and this node's partition count, this node included.</param>
/// <param name="Target">This node's share: ceil(partitions / live nodes), or 0 while a live node counts otherwise.</param>
/// <param name="Release">Partitions this node holds over its share, to give up now.</param>
/// <param name="Acquire">Partitions nobody holds (no live lease), in the order to try, as many as the share lacks.</param>
/// <param name="Mismatched">Live nodes whose heartbeat names another partition count; empty normally.</param>
internal sealed record PartitionPlan(int LiveNodes, int Target, IReadOnlyList<int> Release, IReadOnlyList<int> Acquire, IReadOnlyList<string> Mismatched);
