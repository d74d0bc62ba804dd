using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.6.4 (encoding i=473).</summary>
internal sealed class CloseSessionRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(473);

    public RequestHeader RequestHeader { get; } = new();

    public bool DeleteSubscriptions { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteBoolean(DeleteSubscriptions);
    }
}
