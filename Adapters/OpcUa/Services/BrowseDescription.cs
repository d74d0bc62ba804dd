using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.8.2.2: a node to browse and which references to follow.</summary>
public sealed record BrowseDescription(NodeId NodeId)
{
    /// <summary>Direction. <value>The default value is Forward.</value></summary>
    public BrowseDirection BrowseDirection { get; init; } = BrowseDirection.Forward;

    /// <summary>Reference type to follow. <value>The default value is HierarchicalReferences (i=33).</value></summary>
    public NodeId ReferenceTypeId { get; init; } = WellKnownNodeIds.HierarchicalReferences;

    /// <summary>Follow subtypes of the reference type. <value>The default value is true.</value></summary>
    public bool IncludeSubtypes { get; init; } = true;

    /// <summary>Node classes to return (bit mask of <see cref="NodeClass"/>); 0 for all.</summary>
    public uint NodeClassMask { get; init; }

    /// <summary>Fields to return; 63 (0x3F) for all.</summary>
    public uint ResultMask { get; init; } = 0x3F;

    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteInt32((int)BrowseDirection);
        e.WriteNodeId(ReferenceTypeId);
        e.WriteBoolean(IncludeSubtypes);
        e.WriteUInt32(NodeClassMask);
        e.WriteUInt32(ResultMask);
    }
}
