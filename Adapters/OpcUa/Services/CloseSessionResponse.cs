using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.6.4 (encoding i=476).</summary>
internal sealed record CloseSessionResponse(ResponseHeader ResponseHeader) : IServiceResponse
{
    public const uint EncodingId = 476;

    public static CloseSessionResponse Decode(BinaryDecoder d) => new(ResponseHeader.Decode(d));
}
