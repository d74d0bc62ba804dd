using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.9.2: a node a browse path leads to; RemainingPathIndex is uint.MaxValue when the whole path was followed.</summary>
public sealed record BrowsePathTarget(ExpandedNodeId TargetId, uint RemainingPathIndex)
{
    internal static BrowsePathTarget Decode(BinaryDecoder d) => new(d.ReadExpandedNodeId(), d.ReadUInt32());
}
