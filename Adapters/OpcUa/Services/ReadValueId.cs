using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.29: which attribute of which node to read (or monitor).</summary>
/// <param name="NodeId">The node.</param>
/// <param name="AttributeId">The attribute (see <see cref="Attributes"/>).</param>
/// <param name="IndexRange">An index range for arrays, or null.</param>
public sealed record ReadValueId(NodeId NodeId, uint AttributeId = Attributes.Value, string? IndexRange = null)
{
    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteUInt32(AttributeId);
        e.WriteString(IndexRange);
        e.WriteQualifiedName(new QualifiedName(0, null)); // DataEncoding: default
    }
}
