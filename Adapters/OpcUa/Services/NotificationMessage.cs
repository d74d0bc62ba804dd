using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.24: one numbered message of a subscription; no data means keep-alive.</summary>
internal sealed record NotificationMessage(uint SequenceNumber, DateTime PublishTime, ExtensionObject?[] NotificationData)
{
    public static NotificationMessage Decode(BinaryDecoder d) =>
        new(d.ReadUInt32(), d.ReadDateTime(), d.ReadArrayOrEmpty("ExtensionObject", x => x.ReadExtensionObject(), 3));
}
