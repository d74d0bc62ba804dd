using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.7 (encoding i=844).</summary>
internal sealed record TransferSubscriptionsResponse(ResponseHeader ResponseHeader, TransferResult[] Results) : IServiceResponse
{
    public const uint EncodingId = 844;

    public static TransferSubscriptionsResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("TransferResult", TransferResult.Decode, 8);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new TransferSubscriptionsResponse(header, results);
    }
}
