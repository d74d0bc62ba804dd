using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.4.4 (encoding i=428).</summary>
internal sealed class GetEndpointsRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(428);

    public RequestHeader RequestHeader { get; } = new();

    public string? EndpointUrl { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteString(EndpointUrl);
        e.WriteInt32(-1); // LocaleIds
        e.WriteInt32(-1); // ProfileUris
    }
}
