using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.8.2 (encoding i=527).</summary>
internal sealed class BrowseRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(527);

    public RequestHeader RequestHeader { get; } = new();

    public uint RequestedMaxReferencesPerNode { get; init; }

    public required IReadOnlyList<BrowseDescription> NodesToBrowse { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        // View: ViewDescription (ViewId NodeId, Timestamp DateTime, ViewVersion UInt32); null view = whole address space.
        e.WriteNodeId(NodeId.Null);
        e.WriteDateTime(DateTime.MinValue);
        e.WriteUInt32(0);
        e.WriteUInt32(RequestedMaxReferencesPerNode);
        e.WriteArray(NodesToBrowse, (x, b) => b.Encode(x));
    }
}
