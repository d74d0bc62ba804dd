using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.8 (encoding i=847).</summary>
internal sealed class DeleteSubscriptionsRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(847);

    public RequestHeader RequestHeader { get; } = new();

    public required IReadOnlyList<uint> SubscriptionIds { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(SubscriptionIds, (x, id) => x.WriteUInt32(id));
    }
}
