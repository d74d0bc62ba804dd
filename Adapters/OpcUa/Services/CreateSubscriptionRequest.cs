using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.2 (encoding i=787).</summary>
internal sealed class CreateSubscriptionRequest : IServiceRequest
{
    public static readonly NodeId EncodingId = new(787);

    public RequestHeader RequestHeader { get; } = new();

    public double RequestedPublishingInterval { get; init; }

    public uint RequestedLifetimeCount { get; init; }

    public uint RequestedMaxKeepAliveCount { get; init; }

    public uint MaxNotificationsPerPublish { get; init; }

    public bool PublishingEnabled { get; init; } = true;

    public byte Priority { get; init; }

    public NodeId BinaryEncodingId => EncodingId;

    public void Encode(BinaryEncoder e)
    {
        RequestHeader.Encode(e);
        e.WriteDouble(RequestedPublishingInterval);
        e.WriteUInt32(RequestedLifetimeCount);
        e.WriteUInt32(RequestedMaxKeepAliveCount);
        e.WriteUInt32(MaxNotificationsPerPublish);
        e.WriteBoolean(PublishingEnabled);
        e.WriteByte(Priority);
    }
}
