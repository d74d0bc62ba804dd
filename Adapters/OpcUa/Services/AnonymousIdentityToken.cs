using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>Part 4 7.41.3 (encoding i=321).</summary>
internal sealed record AnonymousIdentityToken(string? PolicyId) : IEncodeable
{
    public NodeId BinaryEncodingId { get; } = new(321);

    public void Encode(BinaryEncoder encoder) => encoder.WriteString(PolicyId);
}
