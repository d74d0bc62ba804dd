using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.8.3 (encoding i=533).</summary>
internal sealed class BrowseNextRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(533);

    public RequestHeader RequestHeader { get; } = new();

    public bool ReleaseContinuationPoints { get; init; }

    public required IReadOnlyList<byte[]> ContinuationPoints { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteBoolean(ReleaseContinuationPoints);
        e.WriteArray(ContinuationPoints, (x, c) => x.WriteByteString(c));
    }
}
