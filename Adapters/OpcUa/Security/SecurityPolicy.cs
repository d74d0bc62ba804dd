using System.Security.Cryptography;
using IntegrationHub.Adapters.OpcUa.SecureChannel;

namespace IntegrationHub.Adapters.OpcUa.Security;

/// <summary>
/// The algorithm suite of an RSA security policy (Part 7). All three implemented here derive keys with P_SHA256, sign
/// symmetric chunks with HMAC-SHA256 (32-byte keys and signatures), encrypt them with AES-CBC, exchange 32-byte nonces
/// and take RSA keys of 2048 to 4096 bits; they differ in the AES key length and the RSA paddings.
/// </summary>
internal sealed record SecurityPolicy(
    string Uri,
    string Name,
    int Strength,
    int NonceLength,
    int DerivedSignatureKeyLength,
    int EncryptionKeyLength,
    int EncryptionBlockSize,
    int SymmetricSignatureSize,
    int MinimumAsymmetricKeyBits,
    int MaximumAsymmetricKeyBits,
    RSASignaturePadding AsymmetricSignaturePadding,
    string AsymmetricSignatureAlgorithmUri,
    RSAEncryptionPadding AsymmetricEncryptionPadding,
    int AsymmetricEncryptionOverhead,
    string AsymmetricEncryptionAlgorithmUri)
{
    // RSA-OAEP spends 2 * hash length + 2 bytes of each block on its padding (RFC 8017 7.1.1).
    private const int OaepSha1Overhead = (2 * 20) + 2;
    private const int OaepSha256Overhead = (2 * 32) + 2;
    private const string RsaPkcs1Sha256Uri = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private const string RsaOaepSha1Uri = "http://www.w3.org/2001/04/xmlenc#rsa-oaep";

    /// <summary>RSA-PKCS#1 v1.5 SHA-256 signatures, RSA-OAEP (SHA-1) encryption, AES-256-CBC.</summary>
    public static readonly SecurityPolicy Basic256Sha256 = Rsa(SecurityPolicyUris.Basic256Sha256, nameof(Basic256Sha256), strength: 2,
        encryptionKeyLength: 32, RSASignaturePadding.Pkcs1, RsaPkcs1Sha256Uri, RSAEncryptionPadding.OaepSHA1, OaepSha1Overhead, RsaOaepSha1Uri);

    /// <summary>
    /// Basic256Sha256's RSA algorithms with AES-128-CBC: the weakest of the three (a 128-bit symmetric key), though
    /// newer; many current servers name it in their user token policies.
    /// </summary>
    public static readonly SecurityPolicy Aes128Sha256RsaOaep = Rsa(SecurityPolicyUris.Aes128Sha256RsaOaep, "Aes128_Sha256_RsaOaep", strength: 1,
        encryptionKeyLength: 16, RSASignaturePadding.Pkcs1, RsaPkcs1Sha256Uri, RSAEncryptionPadding.OaepSHA1, OaepSha1Overhead, RsaOaepSha1Uri);

    /// <summary>
    /// RSA-PSS SHA-256 signatures (salt as long as the hash, as .NET and node-opcua make them), RSA-OAEP with SHA-256
    /// (and MGF1 SHA-256), AES-256-CBC: the strongest of the three.
    /// </summary>
    public static readonly SecurityPolicy Aes256Sha256RsaPss = Rsa(SecurityPolicyUris.Aes256Sha256RsaPss, "Aes256_Sha256_RsaPss", strength: 3,
        encryptionKeyLength: 32, RSASignaturePadding.Pss, "http://opcfoundation.org/UA/security/rsa-pss-sha2-256",
        RSAEncryptionPadding.OaepSHA256, OaepSha256Overhead, "http://opcfoundation.org/UA/security/rsa-oaep-sha2-256");

    /// <summary>The policies this client implements besides None, strongest first.</summary>
    public static IReadOnlyList<SecurityPolicy> All { get; } = [Aes256Sha256RsaPss, Basic256Sha256, Aes128Sha256RsaOaep];

    /// <summary>The names of <see cref="All"/>, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(p => p.Name));

    /// <summary>The implemented policy with this URI, or null (None and unknown URIs).</summary>
    public static SecurityPolicy? Find(string? uri) => All.FirstOrDefault(p => p.Uri == uri);

    /// <summary>The implemented policy with this name (Part 7's, e.g. Aes128_Sha256_RsaOaep) or URI, case-insensitive; or null.</summary>
    public static SecurityPolicy? FindByNameOrUri(string? nameOrUri) =>
        All.FirstOrDefault(p => string.Equals(p.Name, nameOrUri, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Uri, nameOrUri, StringComparison.OrdinalIgnoreCase));

    /// <summary>The most plain-text bytes one RSA block of a <paramref name="keyBits"/>-bit key carries with this policy's OAEP.</summary>
    public int PlainBlockSize(int keyBits) => (keyBits / 8) - AsymmetricEncryptionOverhead;

    // What the three share (Part 7): 32-byte nonces and HMAC-SHA256 keys and signatures, AES's 16-byte blocks, RSA 2048-4096.
    private static SecurityPolicy Rsa(string uri, string name, int strength, int encryptionKeyLength,
        RSASignaturePadding signaturePadding, string signatureUri, RSAEncryptionPadding encryptionPadding, int encryptionOverhead, string encryptionUri) =>
        new(uri, name, strength, NonceLength: 32, DerivedSignatureKeyLength: 32, encryptionKeyLength, EncryptionBlockSize: 16, SymmetricSignatureSize: 32,
            MinimumAsymmetricKeyBits: 2048, MaximumAsymmetricKeyBits: 4096, signaturePadding, signatureUri, encryptionPadding, encryptionOverhead, encryptionUri);
}
