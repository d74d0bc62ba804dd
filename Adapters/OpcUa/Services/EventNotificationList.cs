using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.25.3 (encoding i=916): Events (EventFieldList[]: ClientHandle UInt32, EventFields Variant[]).</summary>
internal sealed record EventNotificationList(EventFieldList[] Events) : IEncodeable
{
    public const uint EncodingId = 916;

    public NodeId BinaryEncodingId { get; } = new(EncodingId);

    public void Encode(BinaryEncoder encoder) => encoder.WriteArray(Events, (x, e) =>
    {
        x.WriteUInt32(e.ClientHandle);
        x.WriteArray(e.EventFields, (y, v) => y.WriteVariant(v));
    });

    // At least 8 bytes per event: the handle and the field array's length.
    public static EventNotificationList Decode(BinaryDecoder d) => new(d.ReadArrayOrEmpty("EventFieldList", EventFieldList.Decode, 8));
}
