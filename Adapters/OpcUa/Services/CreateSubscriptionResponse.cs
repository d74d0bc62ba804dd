using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.13.2 (encoding i=790).</summary>
internal sealed record CreateSubscriptionResponse(
    ResponseHeader ResponseHeader, uint SubscriptionId, double RevisedPublishingInterval, uint RevisedLifetimeCount, uint RevisedMaxKeepAliveCount) : IServiceResponse
{
    public const uint EncodingId = 790;

    public static CreateSubscriptionResponse Decode(BinaryDecoder d) =>
        new(ResponseHeader.Decode(d), d.ReadUInt32(), d.ReadDouble(), d.ReadUInt32(), d.ReadUInt32());
}
