using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.3.2: the node whose history to read, and where the previous call stopped.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="ContinuationPoint">The continuation point of the previous HistoryRead of this node, or null for a first read.</param>
internal sealed record HistoryReadValueId(NodeId NodeId, byte[]? ContinuationPoint = null)
{
    internal void Encode(BinaryEncoder e)
    {
        e.WriteNodeId(NodeId);
        e.WriteString(null);                                 // IndexRange: the whole value
        e.WriteQualifiedName(new QualifiedName(0, null));    // DataEncoding: default
        e.WriteByteString(ContinuationPoint);                // ByteString, null for a first read
    }
}
