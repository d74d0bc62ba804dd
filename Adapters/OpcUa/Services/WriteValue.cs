using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.4.2: a value to write to an attribute of a node.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Value">The value (status and timestamps are usually left empty).</param>
/// <param name="AttributeId">The attribute (see <see cref="Attributes"/>).</param>
/// <param name="IndexRange">An index range for arrays, or null.</param>
public sealed record WriteValue(NodeId NodeId, DataValue Value, uint AttributeId = Attributes.Value, string? IndexRange = null)
{
    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteUInt32(AttributeId);
        e.WriteString(IndexRange);
        e.WriteDataValue(Value);
    }
}
