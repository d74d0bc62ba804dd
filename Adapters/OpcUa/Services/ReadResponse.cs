using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.10.2 (encoding i=634).</summary>
internal sealed record ReadResponse(ResponseHeader ResponseHeader, DataValue[] Results) : IServiceResponse
{
    public const uint EncodingId = 634;

    public static ReadResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var results = d.ReadArrayOrEmpty("DataValue", x => x.ReadDataValue());
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new ReadResponse(header, results);
    }
}
