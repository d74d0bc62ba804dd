using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Responses made of a header, StatusCode[] Results and DiagnosticInfo[]: DeleteSubscriptions (Part 4 5.13.8,
/// encoding i=850) and DeleteMonitoredItems (5.12.6, i=784).
/// </summary>
internal sealed record StatusCodesResponse(ResponseHeader ResponseHeader, StatusCode[] Results) : IServiceResponse
{
    public const uint DeleteSubscriptionsEncodingId = 850;

    public static StatusCodesResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("StatusCode", x => x.ReadStatusCode(), 4);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new StatusCodesResponse(header, results);
    }
}
