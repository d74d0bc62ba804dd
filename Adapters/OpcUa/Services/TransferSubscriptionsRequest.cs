using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.7 (encoding i=841).</summary>
internal sealed class TransferSubscriptionsRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(841);

    public RequestHeader RequestHeader { get; } = new();

    public required IReadOnlyList<uint> SubscriptionIds { get; init; }

    public bool SendInitialValues { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteArray(SubscriptionIds, (x, id) => x.WriteUInt32(id));
        e.WriteBoolean(SendInitialValues);
    }
}
