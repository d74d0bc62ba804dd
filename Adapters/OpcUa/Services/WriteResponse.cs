using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.4 (encoding i=676).</summary>
internal sealed record WriteResponse(ResponseHeader ResponseHeader, StatusCode[] Results) : IServiceResponse
{
    public const uint EncodingId = 676;

    public static WriteResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("StatusCode", x => x.ReadStatusCode(), 4);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new WriteResponse(header, results);
    }
}
