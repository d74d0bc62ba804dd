using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Tests.Support;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

// Issue 22 item 3: the password is encrypted with the algorithm of the policy the user token policy names (else the
// endpoint's), whatever the channel uses; an unknown policy is refused and nothing is sent in clear text.
public sealed class UserTokenSecretTests : IDisposable
{
    private readonly X509Certificate2 _server = TestCertificates.Make("server", 2048);
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _server.Dispose();

    private static UserTokenPolicy TokenPolicy(string? uri) => new("username_policy", UserTokenType.UserName, null, null, uri);

    // What the server does: decrypt with its private key and the given padding, then read length, password, nonce.
    private string Decrypt(byte[] secret, RSAEncryptionPadding padding)
    {
        using var key = _server.GetRSAPrivateKey()!;
        var plain = new List<byte>();
        for (var offset = 0; offset < secret.Length; offset += 256)
        {
            plain.AddRange(key.Decrypt(secret.AsSpan(offset, 256).ToArray(), padding));
        }

        var bytes = plain.ToArray();
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        Assert.Equal(bytes.Length - 4, length);
        Assert.Equal(_nonce, bytes[^32..]);
        return System.Text.Encoding.UTF8.GetString(bytes, 4, length - 32);
    }

    [Theory]
    [InlineData(SecurityPolicyUris.Aes128Sha256RsaOaep, "http://www.w3.org/2001/04/xmlenc#rsa-oaep")]
    [InlineData(SecurityPolicyUris.Basic256Sha256, "http://www.w3.org/2001/04/xmlenc#rsa-oaep")]
    public void OaepSha1Policies_ServerDecryptsWithOaepSha1(string policyUri, string algorithm)
    {
        var token = UserTokenSecret.Create(TokenPolicy(policyUri), policyUri, "operator", "pässwörd", _server.RawData, _nonce);

        Assert.Equal(algorithm, token.EncryptionAlgorithm);
        Assert.Equal("pässwörd", Decrypt(token.Password!, RSAEncryptionPadding.OaepSHA1));
        Assert.ThrowsAny<CryptographicException>(() => Decrypt(token.Password!, RSAEncryptionPadding.OaepSHA256));
    }

    [Fact]
    public void RsaPss_ServerDecryptsWithOaepSha256Only_LongPasswordSpansBlocks()
    {
        var password = new string('p', 600);
        var token = UserTokenSecret.Create(TokenPolicy(SecurityPolicyUris.Aes256Sha256RsaPss), SecurityPolicyUris.Aes256Sha256RsaPss, "operator", password, _server.RawData, _nonce);

        Assert.Equal("http://opcfoundation.org/UA/security/rsa-oaep-sha2-256", token.EncryptionAlgorithm);
        Assert.Equal(4 * 256, token.Password!.Length); // 4 + 600 + 32 bytes in blocks of 256 - 66 = 190
        Assert.Equal(password, Decrypt(token.Password, RSAEncryptionPadding.OaepSHA256));
        Assert.ThrowsAny<CryptographicException>(() => Decrypt(token.Password, RSAEncryptionPadding.OaepSHA1));
    }

    [Theory]
    [InlineData("http://opcfoundation.org/UA/SecurityPolicy#Basic128Rsa15")]
    [InlineData("http://example.com/UA/SecurityPolicy#Unheard")]
    [InlineData("urn:x\r\n2026-12-07 INFO forged line")]
    public void UnknownPolicy_RefusedWithItsName_NoClearTextFallback(string policyUri)
    {
        var ex = Assert.Throws<OpcUaServiceException>(() => UserTokenSecret.Create(TokenPolicy(policyUri), policyUri, "operator", "secret-pw", _server.RawData, _nonce));

        Assert.Equal(StatusCodes.BadIdentityTokenRejected, ex.StatusCode);
        Assert.Contains("username_policy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Aes256_Sha256_RsaPss, Basic256Sha256, Aes128_Sha256_RsaOaep", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not sent", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains(policyUri.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeUnknownPolicyUri_MessageStaysShort()
    {
        var uri = "http://x/" + new string('A', 100_000);
        var ex = Assert.Throws<OpcUaServiceException>(() => UserTokenSecret.Create(TokenPolicy(uri), uri, "operator", "pw", _server.RawData, _nonce));
        Assert.True(ex.Message.Length < 1000, ex.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(SecurityPolicyUris.Aes128Sha256RsaOaep)]
    [InlineData(SecurityPolicyUris.Aes256Sha256RsaPss)]
    public void ServerCertificateTooSmallForTheTokenPolicy_Refused(string policyUri)
    {
        using var weak = TestCertificates.Make("weak", 1024);
        var ex = Assert.Throws<OpcUaServiceException>(() => UserTokenSecret.Create(TokenPolicy(policyUri), policyUri, "operator", "pw", weak.RawData, _nonce));
        Assert.Equal(StatusCodes.BadCertificateInvalid, ex.StatusCode);
        Assert.Contains("1024 bits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonePolicy_PlainPassword()
    {
        var token = UserTokenSecret.Create(TokenPolicy(null), SecurityPolicyUris.None, "operator", "pw", null, null);
        Assert.Null(token.EncryptionAlgorithm);
        Assert.Equal("pw"u8.ToArray(), token.Password);
    }
}
