using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.12.2 (encoding i=751).</summary>
internal sealed class CreateMonitoredItemsRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(751);

    public RequestHeader RequestHeader { get; } = new();

    public uint SubscriptionId { get; init; }

    public TimestampsToReturn TimestampsToReturn { get; init; } = TimestampsToReturn.Both;

    public required IReadOnlyList<MonitoredItemCreateRequest> ItemsToCreate { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteUInt32(SubscriptionId);
        e.WriteInt32((int)TimestampsToReturn);
        e.WriteArray(ItemsToCreate, (x, i) => i.Encode(x));
    }
}
