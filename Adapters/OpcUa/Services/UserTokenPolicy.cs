using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.42: a kind of user identity an endpoint accepts, and the policy used to protect its secret.</summary>
public sealed record UserTokenPolicy(string? PolicyId, UserTokenType TokenType, string? IssuedTokenType, string? IssuerEndpointUrl, string? SecurityPolicyUri)
{
    internal static UserTokenPolicy Decode(BinaryDecoder d) =>
        new(d.ReadString(), (UserTokenType)d.ReadInt32(), d.ReadString(), d.ReadString(), d.ReadString());
}
