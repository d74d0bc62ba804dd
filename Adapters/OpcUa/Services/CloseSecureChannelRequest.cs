using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.5.3 (encoding i=452); the server answers by closing the connection.</summary>
internal sealed class CloseSecureChannelRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(452);

    public RequestHeader RequestHeader { get; } = new();

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e) => RequestHeader.Encode(e);
}
