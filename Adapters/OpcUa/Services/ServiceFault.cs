using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.35: sent instead of a response when a service fails as a whole (encoding i=397).</summary>
internal sealed record ServiceFault(ResponseHeader ResponseHeader) : IServiceResponse
{
    public const uint EncodingId = 397;

    public static ServiceFault Decode(BinaryDecoder d) => new(ResponseHeader.Decode(d));
}
