using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.3 (encoding i=667).</summary>
internal sealed record HistoryReadResponse(ResponseHeader ResponseHeader, HistoryReadResult[] Results) : IServiceResponse
{
    public const uint EncodingId = 667;

    public static HistoryReadResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        // StatusCode + ByteString length + ExtensionObject (NodeId, encoding byte): at least 10 bytes per result.
        var results = d.ReadArrayOrEmpty("HistoryReadResult", HistoryReadResult.Decode, 10);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new HistoryReadResponse(header, results);
    }
}
