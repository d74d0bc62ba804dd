using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.12.2 (encoding i=754).</summary>
internal sealed record CreateMonitoredItemsResponse(ResponseHeader ResponseHeader, MonitoredItemCreateResult[] Results) : IServiceResponse
{
    public const uint EncodingId = 754;

    public static CreateMonitoredItemsResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("MonitoredItemCreateResult", MonitoredItemCreateResult.Decode, 23);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new CreateMonitoredItemsResponse(header, results);
    }
}
