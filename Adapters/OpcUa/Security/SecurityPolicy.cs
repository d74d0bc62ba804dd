using IntegrationHub.Adapters.OpcUa.SecureChannel;

namespace IntegrationHub.Adapters.OpcUa.Security;

/// <summary>
/// The algorithm suite of a security policy (Part 7). Basic256Sha256: asymmetric signatures RSA-PKCS#1 v1.5 with
/// SHA-256, asymmetric encryption RSA-OAEP with SHA-1, symmetric signatures HMAC-SHA256 with 32-byte keys,
/// symmetric encryption AES-256-CBC, 32-byte nonces, RSA keys of 2048 to 4096 bits.
/// </summary>
internal sealed record SecurityPolicy(
    string Uri,
    int NonceLength,
    int DerivedSignatureKeyLength,
    int EncryptionKeyLength,
    int EncryptionBlockSize,
    int SymmetricSignatureSize,
    int MinimumAsymmetricKeyBits,
    int MaximumAsymmetricKeyBits,
    string AsymmetricSignatureAlgorithmUri)
{
    // RSA-OAEP with SHA-1 spends 2 * 20 + 2 bytes of each block on its padding.
    public const int OaepSha1Overhead = 42;

    public static readonly SecurityPolicy Basic256Sha256 = new(
        SecurityPolicyUris.Basic256Sha256,
        NonceLength: 32,
        DerivedSignatureKeyLength: 32,
        EncryptionKeyLength: 32,
        EncryptionBlockSize: 16,
        SymmetricSignatureSize: 32,
        MinimumAsymmetricKeyBits: 2048,
        MaximumAsymmetricKeyBits: 4096,
        AsymmetricSignatureAlgorithmUri: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");

    /// <summary>The policies this client implements besides None.</summary>
    public static SecurityPolicy? Find(string? uri) => uri == Basic256Sha256.Uri ? Basic256Sha256 : null;
}
