namespace IntegrationHub.Hub.Host.Rules;

/// <summary>The rules partitions' log messages (issue 18 item 2); event ids 1690-1699 are stable for alerting.</summary>
internal static partial class RulePartitionsLog
{
    [LoggerMessage(1690, LogLevel.Information, "Rules lease {Lease} taken by node {Node} with token {Token}; this node holds {Held} partitions, its share is {Target} of {Partitions} among {LiveNodes} live nodes")]
    public static partial void Taken(ILogger logger, string lease, string node, long token, int held, int target, int partitions, int liveNodes);

    [LoggerMessage(1691, LogLevel.Information, "Rules lease {Lease} released by node {Node} (token {Token}): {Reason}")]
    public static partial void Released(ILogger logger, string lease, string node, long token, string reason);

    [LoggerMessage(1692, LogLevel.Warning, "Rules lease {Lease} lost by node {Node} (token {Token}): {Reason}; its work stops here and another node takes it over")]
    public static partial void Lost(ILogger logger, string lease, string node, long token, string reason);

    [LoggerMessage(1693, LogLevel.Warning, "Rules partitions: node {Node} could not use the lease store: {Reason}; trying again in {Delay}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string node, string reason, TimeSpan delay);

    [LoggerMessage(1694, LogLevel.Error, "Node {Node} has Hub:Rules:Partitions={Partitions} but live nodes count otherwise: {Others}. It takes no partition until they are gone: give every node the same count (stop all nodes to change it)")]
    public static partial void CountMismatch(ILogger logger, string node, int partitions, string others);

    [LoggerMessage(1695, LogLevel.Error, "Rules pass of partition {Partition} on node {Node} failed; rolled back and retried in {Delay}")]
    public static partial void PassFailed(ILogger logger, Exception exception, string partition, string node, TimeSpan delay);

    [LoggerMessage(1696, LogLevel.Error, "SLA escalation on node {Node} failed; rolled back and retried at the next tick")]
    public static partial void EscalationFailed(ILogger logger, Exception exception, string node);
}
