using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.4 (encoding i=673).</summary>
internal sealed class WriteRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(673);

    public RequestHeader RequestHeader { get; } = new();

    public required IReadOnlyList<WriteValue> NodesToWrite { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(NodesToWrite, (x, w) => w.Encode(x));
    }
}
