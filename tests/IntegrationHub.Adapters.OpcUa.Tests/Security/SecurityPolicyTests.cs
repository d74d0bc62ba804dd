using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Tests.Support;

namespace IntegrationHub.Adapters.OpcUa.Tests.Security;

// Issue 22 item 3: the algorithm suites of Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss beside Basic256Sha256.
// Interoperability is proven against node-opcua in Client/SecurityPolicySessionTests; these pin the suites' facts (Part 7)
// and that a chunk made with another policy's paddings, or tampered with, is refused.
public sealed class SecurityPolicyTests : IDisposable
{
    private readonly X509Certificate2 _client = TestCertificates.Make("client", 2048);
    private readonly X509Certificate2 _server = TestCertificates.Make("server", 2048);

    public static TheoryData<string> PolicyNames => new() { "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss" };

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static SecurityPolicy Policy(string name) => SecurityPolicy.FindByNameOrUri(name)!;

    [Fact]
    public void Suites_MatchPart7()
    {
        var aes128 = SecurityPolicy.Find(SecurityPolicyUris.Aes128Sha256RsaOaep)!;
        Assert.Equal((32, 32, 16, 16, 32, 2048, 4096), (aes128.NonceLength, aes128.DerivedSignatureKeyLength, aes128.EncryptionKeyLength, aes128.EncryptionBlockSize, aes128.SymmetricSignatureSize, aes128.MinimumAsymmetricKeyBits, aes128.MaximumAsymmetricKeyBits));
        Assert.Equal(RSASignaturePadding.Pkcs1, aes128.AsymmetricSignaturePadding);
        Assert.Equal(RSAEncryptionPadding.OaepSHA1, aes128.AsymmetricEncryptionPadding);
        Assert.Equal("http://www.w3.org/2001/04/xmlenc#rsa-oaep", aes128.AsymmetricEncryptionAlgorithmUri);
        Assert.Equal(256 - 42, aes128.PlainBlockSize(2048));

        var pss = SecurityPolicy.Find(SecurityPolicyUris.Aes256Sha256RsaPss)!;
        Assert.Equal((32, 32, 32, 16, 32, 2048, 4096), (pss.NonceLength, pss.DerivedSignatureKeyLength, pss.EncryptionKeyLength, pss.EncryptionBlockSize, pss.SymmetricSignatureSize, pss.MinimumAsymmetricKeyBits, pss.MaximumAsymmetricKeyBits));
        Assert.Equal(RSASignaturePadding.Pss, pss.AsymmetricSignaturePadding);
        Assert.Equal(RSAEncryptionPadding.OaepSHA256, pss.AsymmetricEncryptionPadding);
        Assert.Equal("http://opcfoundation.org/UA/security/rsa-pss-sha2-256", pss.AsymmetricSignatureAlgorithmUri);
        Assert.Equal("http://opcfoundation.org/UA/security/rsa-oaep-sha2-256", pss.AsymmetricEncryptionAlgorithmUri);
        Assert.Equal(512 - 66, pss.PlainBlockSize(4096));

        Assert.True(pss.Strength > SecurityPolicy.Basic256Sha256.Strength && SecurityPolicy.Basic256Sha256.Strength > aes128.Strength);
        Assert.Null(SecurityPolicy.Find(SecurityPolicyUris.None));
        Assert.Null(SecurityPolicy.Find("http://opcfoundation.org/UA/SecurityPolicy#Basic128Rsa15"));
    }

    [Fact]
    public void Aes128_DerivesSixteenByteEncryptionKeys_AndEncryptsWithAes128()
    {
        var keys = SymmetricKeys.Derive(SecurityPolicy.Aes128Sha256RsaOaep, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        Assert.Equal((32, 16, 16), (keys.SigningKey.Length, keys.EncryptingKey.Length, keys.InitializationVector.Length));

        using var security = new ChannelSecurity(SecurityPolicy.Aes128Sha256RsaOaep, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        var content = RandomNumberGenerator.GetBytes(8 + 100);
        var chunk = security.SealSymmetric(TestCertificates.Header(16), content, keys);

        // Decrypt independently with AES-128-CBC: the chunk must be the content, padding and HMAC-SHA256 signature.
        using var aes = Aes.Create();
        aes.Key = keys.EncryptingKey;
        var plain = aes.DecryptCbc(chunk.AsSpan(16), keys.InitializationVector, PaddingMode.None);
        Assert.Equal(content, plain.AsSpan(0, content.Length).ToArray());
        var signed = chunk.AsSpan(0, 16).ToArray().Concat(plain[..^32]).ToArray();
        Assert.Equal(HMACSHA256.HashData(keys.SigningKey, signed), plain[^32..]);
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Symmetric_SealThenOpen_AndTamperedSignatureRefused(string name)
    {
        var policy = Policy(name);
        var keys = SymmetricKeys.Derive(policy, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        using var security = new ChannelSecurity(policy, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        var content = RandomNumberGenerator.GetBytes(8 + 777);

        var chunk = security.SealSymmetric(TestCertificates.Header(16), content, keys);
        Assert.Equal(content, security.OpenSymmetric((byte[])chunk.Clone(), 16, keys).ToArray());

        chunk[^1] ^= 0x80;
        var ex = Assert.Throws<OpcUaProtocolException>(() => security.OpenSymmetric(chunk, 16, keys));
        Assert.Equal(StatusCodes.BadSecurityChecksFailed, ex.StatusCode);
    }

    [Theory]
    [InlineData("Aes128_Sha256_RsaOaep", 2048, 0)]
    [InlineData("Aes128_Sha256_RsaOaep", 4096, 500)]
    [InlineData("Aes256_Sha256_RsaPss", 2048, 0)]
    [InlineData("Aes256_Sha256_RsaPss", 2048, 700)]
    [InlineData("Aes256_Sha256_RsaPss", 4096, 500)]
    public void Asymmetric_SealedByClient_OpenedByServerEnd(string name, int serverBits, int bodyLength)
    {
        var policy = Policy(name);
        using var serverCertificate = TestCertificates.Make("server" + serverBits, serverBits);
        using var clientEnd = new ChannelSecurity(policy, MessageSecurityMode.SignAndEncrypt, _client, serverCertificate.RawData);
        using var serverEnd = new ChannelSecurity(policy, MessageSecurityMode.SignAndEncrypt, serverCertificate, _client.RawData);
        var content = RandomNumberGenerator.GetBytes(8 + bodyLength);

        var chunk = clientEnd.SealAsymmetric(TestCertificates.Header(60, "OPNF"), content);

        Assert.Equal(content, serverEnd.OpenAsymmetric(chunk, 60).ToArray());
        Assert.Equal(0, (chunk.Length - 60) % (serverBits / 8));
        Assert.True(clientEnd.MaxAsymmetricBody(8192, 60) > 0);
    }

    // A peer that used another policy's paddings (OAEP-SHA1 where SHA-256 is due, PKCS#1 v1.5 where PSS is) is refused
    // with BadSecurityChecksFailed, not read as garbage.
    [Theory]
    [InlineData("Basic256Sha256", "Aes256_Sha256_RsaPss")]
    [InlineData("Aes256_Sha256_RsaPss", "Aes128_Sha256_RsaOaep")]
    public void Asymmetric_OtherPolicysPadding_FailsTheSecurityChecks(string sentWith, string expected)
    {
        using var sender = new ChannelSecurity(Policy(sentWith), MessageSecurityMode.Sign, _server, _client.RawData);
        using var receiver = new ChannelSecurity(Policy(expected), MessageSecurityMode.Sign, _client, _server.RawData);
        var chunk = sender.SealAsymmetric(TestCertificates.Header(60, "OPNF"), RandomNumberGenerator.GetBytes(120));

        var ex = Assert.Throws<OpcUaProtocolException>(() => receiver.OpenAsymmetric(chunk, 60));
        Assert.Equal(StatusCodes.BadSecurityChecksFailed, ex.StatusCode);
    }

    // RSA-PSS signatures are randomized; a PKCS#1 v1.5 signature of the same bytes does not pass as one.
    [Fact]
    public void Pss_SignatureVerifiesOnlyAsPss()
    {
        using var clientEnd = new ChannelSecurity(SecurityPolicy.Aes256Sha256RsaPss, MessageSecurityMode.Sign, _client, _server.RawData);
        using var serverEnd = new ChannelSecurity(SecurityPolicy.Aes256Sha256RsaPss, MessageSecurityMode.Sign, _server, _client.RawData);
        var data = RandomNumberGenerator.GetBytes(64);
        using var key = _server.GetRSAPrivateKey()!;

        Assert.True(clientEnd.VerifyServerSignature(data, serverEnd.Sign(data)));
        Assert.NotEqual(serverEnd.Sign(data), serverEnd.Sign(data));
        Assert.False(clientEnd.VerifyServerSignature(data, key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
    }

    [Fact]
    public void Asymmetric_WrongPaddingBytes_FailsTheSecurityChecks()
    {
        // A chunk whose signature is right but whose padding bytes do not all hold the padding size.
        using var sender = new ChannelSecurity(SecurityPolicy.Aes256Sha256RsaPss, MessageSecurityMode.SignAndEncrypt, _server, _client.RawData);
        using var receiver = new ChannelSecurity(SecurityPolicy.Aes256Sha256RsaPss, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        var header = TestCertificates.Header(60, "OPNF");
        var content = RandomNumberGenerator.GetBytes(8 + 10);
        var plainBlock = SecurityPolicy.Aes256Sha256RsaPss.PlainBlockSize(2048);
        var padding = plainBlock - ((content.Length + 1 + 256) % plainBlock);
        byte[] badPadded = [.. content, .. Enumerable.Repeat((byte)padding, padding).Select((b, i) => i == 0 ? (byte)(b ^ 1) : b), (byte)padding];
        var chunk = SealRaw(sender, header, badPadded);

        var ex = Assert.Throws<OpcUaProtocolException>(() => receiver.OpenAsymmetric(chunk, 60));
        Assert.Equal(StatusCodes.BadSecurityChecksFailed, ex.StatusCode);
        Assert.Contains("padding", ex.Message, StringComparison.Ordinal);
    }

    // Signs and encrypts already padded content as the policy prescribes, without checking the padding.
    private static byte[] SealRaw(ChannelSecurity sender, byte[] header, byte[] padded)
    {
        using var receiverCertificate = X509CertificateLoader.LoadCertificate(sender.ServerCertificate);
        using var receiverKey = receiverCertificate.GetRSAPublicKey()!;
        var policy = sender.Policy;
        var plainBlock = policy.PlainBlockSize(receiverKey.KeySize);
        var signatureSize = 256;
        var cipherLength = (padded.Length + signatureSize) / plainBlock * (receiverKey.KeySize / 8);
        var signed = header.Concat(padded).ToArray();
        BitConverter.TryWriteBytes(signed.AsSpan(4), header.Length + cipherLength);
        var plain = padded.Concat(sender.Sign(signed)).ToArray();
        Assert.Equal(0, plain.Length % plainBlock);
        var chunk = signed.AsSpan(0, header.Length).ToArray().ToList();
        for (var offset = 0; offset < plain.Length; offset += plainBlock)
        {
            chunk.AddRange(receiverKey.Encrypt(plain.AsSpan(offset, plainBlock).ToArray(), policy.AsymmetricEncryptionPadding));
        }

        return [.. chunk];
    }

    [Theory]
    [InlineData("Aes128_Sha256_RsaOaep", 1024)]
    [InlineData("Aes256_Sha256_RsaPss", 1024)]
    [InlineData("Aes256_Sha256_RsaPss", 8192)]
    public void Create_ServerKeyOutsideThePolicysRange_ClearError(string name, int bits)
    {
        using var certificate = TestCertificates.Make("odd", bits);
        var ex = Assert.Throws<OpcUaServiceException>(() => new ChannelSecurity(Policy(name), MessageSecurityMode.Sign, _client, certificate.RawData));
        Assert.Equal(StatusCodes.BadCertificateInvalid, ex.StatusCode);
        Assert.Contains($"{bits} bits", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Policy(name).Uri, ex.Message, StringComparison.Ordinal);
    }
}
