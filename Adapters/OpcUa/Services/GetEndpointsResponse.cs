using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.4.4 (encoding i=431).</summary>
internal sealed record GetEndpointsResponse(ResponseHeader ResponseHeader, EndpointDescription[] Endpoints) : IServiceResponse
{
    public const uint EncodingId = 431;

    public static GetEndpointsResponse Decode(BinaryDecoder d) =>
        new(ResponseHeader.Decode(d), d.ReadArrayOrEmpty("EndpointDescription", EndpointDescription.Decode, 20));
}
