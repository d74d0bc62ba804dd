using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 5.5.2.2: the token that a secure channel's messages carry; valid for RevisedLifetime ms.</summary>
internal sealed record ChannelSecurityToken(uint ChannelId, uint TokenId, DateTime CreatedAt, uint RevisedLifetime)
{
    public static ChannelSecurityToken Decode(BinaryDecoder d) =>
        new(d.ReadUInt32(), d.ReadUInt32(), d.ReadDateTime(), d.ReadUInt32());
}
