using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.9.2 TranslateBrowsePathsToNodeIds (encoding i=554).</summary>
internal sealed class TranslateBrowsePathsRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(554);

    public RequestHeader RequestHeader { get; } = new();

    public required IReadOnlyList<BrowsePath> BrowsePaths { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(BrowsePaths, (x, p) => p.Encode(x));
    }
}
