using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.11.2 (encoding i=715).</summary>
internal sealed record CallResponse(ResponseHeader ResponseHeader, CallMethodResult[] Results) : IServiceResponse
{
    public const uint EncodingId = 715;

    public static CallResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        // StatusCode + two array lengths + a Variant array length: at least 16 bytes per result.
        var results = d.ReadArrayOrEmpty("CallMethodResult", CallMethodResult.Decode, 16);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new CallResponse(header, results);
    }
}
