using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.5.2.2 (encoding i=449).</summary>
internal sealed record OpenSecureChannelResponse(
    ResponseHeader ResponseHeader, uint ServerProtocolVersion, ChannelSecurityToken SecurityToken, byte[]? ServerNonce) : IServiceResponse
{
    public const uint EncodingId = 449;

    public static OpenSecureChannelResponse Decode(BinaryDecoder d) =>
        new(ResponseHeader.Decode(d), d.ReadUInt32(), ChannelSecurityToken.Decode(d), d.ReadByteString());
}
