using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.6.3 (encoding i=470).</summary>
internal sealed record ActivateSessionResponse(ResponseHeader ResponseHeader, byte[]? ServerNonce, StatusCode[] Results) : IServiceResponse
{
    public const uint EncodingId = 470;

    public static ActivateSessionResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var nonce = d.ReadByteString();
        var results = d.ReadArrayOrEmpty("StatusCode", x => x.ReadStatusCode(), 4);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new ActivateSessionResponse(header, nonce, results);
    }
}
