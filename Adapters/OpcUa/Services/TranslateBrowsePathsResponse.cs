using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.9.2 TranslateBrowsePathsToNodeIds (encoding i=557).</summary>
internal sealed record TranslateBrowsePathsResponse(ResponseHeader ResponseHeader, BrowsePathResult[] Results) : IServiceResponse
{
    public const uint EncodingId = 557;

    public static TranslateBrowsePathsResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("BrowsePathResult", BrowsePathResult.Decode, 8);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new TranslateBrowsePathsResponse(header, results);
    }
}
