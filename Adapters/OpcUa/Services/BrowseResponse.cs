using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.8.2 (encoding i=530) and BrowseNext 5.8.3 (encoding i=536): the same fields.</summary>
internal sealed record BrowseResponse(ResponseHeader ResponseHeader, BrowseResult[] Results) : IServiceResponse
{
    public const uint EncodingId = 530;
    public const uint NextEncodingId = 536;

    public static BrowseResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("BrowseResult", BrowseResult.Decode, 9);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new BrowseResponse(header, results);
    }
}
