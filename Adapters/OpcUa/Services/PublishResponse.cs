using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.5 (encoding i=829).</summary>
internal sealed record PublishResponse(
    ResponseHeader ResponseHeader, uint SubscriptionId, uint[] AvailableSequenceNumbers, bool MoreNotifications,
    NotificationMessage NotificationMessage, StatusCode[] Results) : IServiceResponse
{
    public const uint EncodingId = 829;

    public static PublishResponse Decode(BinaryDecoder d)
    {
        var header = ResponseHeader.Decode(d);
        var subscriptionId = d.ReadUInt32();
        var available = d.ReadArrayOrEmpty("UInt32", x => x.ReadUInt32(), 4);
        var more = d.ReadBoolean();
        var message = NotificationMessage.Decode(d);
        var results = d.ReadArrayOrEmpty("StatusCode", x => x.ReadStatusCode(), 4);
        d.ReadArray("DiagnosticInfo", x => x.ReadDiagnosticInfo());
        return new PublishResponse(header, subscriptionId, available, more, message, results);
    }
}
