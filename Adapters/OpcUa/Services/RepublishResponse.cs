using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.6 (encoding i=835).</summary>
internal sealed record RepublishResponse(ResponseHeader ResponseHeader, NotificationMessage NotificationMessage) : IServiceResponse
{
    public const uint EncodingId = 835;

    public static RepublishResponse Decode(BinaryDecoder d) => new(ResponseHeader.Decode(d), NotificationMessage.Decode(d));
}
