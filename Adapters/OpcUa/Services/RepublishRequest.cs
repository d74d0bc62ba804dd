using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.6 (encoding i=832).</summary>
internal sealed class RepublishRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(832);

    public RequestHeader RequestHeader { get; } = new();

    public uint SubscriptionId { get; init; }

    public uint RetransmitSequenceNumber { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteUInt32(RetransmitSequenceNumber);
    }
}
