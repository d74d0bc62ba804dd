using IntegrationHub.Adapters.OpcUa.Encoding;

namespace IntegrationHub.Adapters.OpcUa.Services;

/// <summary>
/// Part 4 7.41.4 (encoding i=324). Password holds the UTF-8 password when EncryptionAlgorithm is null, or the
/// encrypted secret of Part 4 7.41.2.2 (length, password, server nonce) otherwise.
/// </summary>
internal sealed record UserNameIdentityToken(string? PolicyId, string? UserName, byte[]? Password, string? EncryptionAlgorithm) : IEncodeable
{
    public NodeId BinaryEncodingId { get; } = new(324);

    public void Encode(BinaryEncoder encoder)
    {
        encoder.WriteString(PolicyId);
        encoder.WriteString(UserName);
        encoder.WriteByteString(Password);
        encoder.WriteString(EncryptionAlgorithm);
    }
}
