using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Security;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Tests.Support;

namespace IntegrationHub.Adapters.OpcUa.Tests.Security;

// Round trips between two ends built from swapped certificates; interoperability is proven against node-opcua in
// Client/SecuredSessionTests. These pin the block arithmetic and that tampering is caught.
public sealed class ChannelSecurityTests : IDisposable
{
    private readonly X509Certificate2 _client = TestCertificates.Make("client", 2048);
    private readonly X509Certificate2 _server = TestCertificates.Make("server", 2048);
    private readonly SymmetricKeys _keys = SymmetricKeys.Derive(SecurityPolicy.Basic256Sha256, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    [Theory]
    [InlineData(MessageSecurityMode.Sign, 0)]
    [InlineData(MessageSecurityMode.Sign, 1000)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 0)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 7)]
    [InlineData(MessageSecurityMode.SignAndEncrypt, 8150)]
    public void Symmetric_SealThenOpen_ReturnsTheContent(MessageSecurityMode mode, int bodyLength)
    {
        using var security = new ChannelSecurity(SecurityPolicy.Basic256Sha256, mode, _client, _server.RawData);
        var content = RandomNumberGenerator.GetBytes(8 + bodyLength);

        var chunk = security.SealSymmetric(TestCertificates.Header(16), content, _keys);
        var opened = security.OpenSymmetric(chunk, 16, _keys);

        Assert.Equal(content, opened.ToArray());
        Assert.Equal(chunk.Length, BitConverter.ToInt32(chunk, 4));
        if (mode == MessageSecurityMode.SignAndEncrypt)
        {
            Assert.Equal(0, (chunk.Length - 16) % 16);
        }
    }

    [Fact]
    public void Symmetric_EncryptedChunk_DoesNotContainThePlainBody()
    {
        using var security = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        var content = "12345678secret production figures"u8.ToArray();

        var chunk = security.SealSymmetric(TestCertificates.Header(16), content, _keys);

        Assert.Equal(-1, chunk.AsSpan().IndexOf("secret production"u8));
    }

    [Theory]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public void Symmetric_OneBitFlipped_FailsTheSecurityChecks(MessageSecurityMode mode)
    {
        using var security = new ChannelSecurity(SecurityPolicy.Basic256Sha256, mode, _client, _server.RawData);
        var chunk = security.SealSymmetric(TestCertificates.Header(16), RandomNumberGenerator.GetBytes(200), _keys);
        chunk[40] ^= 0x01;

        var ex = Assert.Throws<OpcUaProtocolException>(() => security.OpenSymmetric(chunk, 16, _keys));
        Assert.Equal(StatusCodes.BadSecurityChecksFailed, ex.StatusCode);
    }

    [Fact]
    public void Symmetric_HeaderChanged_FailsTheSecurityChecks()
    {
        using var security = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        var chunk = security.SealSymmetric(TestCertificates.Header(16), RandomNumberGenerator.GetBytes(50), _keys);
        chunk[12] ^= 0x01; // the token id is signed too

        Assert.Throws<OpcUaProtocolException>(() => security.OpenSymmetric(chunk, 16, _keys));
    }

    [Theory]
    [InlineData(2048, 0)]
    [InlineData(2048, 300)]
    [InlineData(4096, 300)]
    public void Asymmetric_SealedByClient_OpenedByServerEnd(int serverBits, int bodyLength)
    {
        using var serverCertificate = TestCertificates.Make("server" + serverBits, serverBits);
        using var clientEnd = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, _client, serverCertificate.RawData);
        using var serverEnd = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, serverCertificate, _client.RawData);
        var header = TestCertificates.Header(60);
        var content = RandomNumberGenerator.GetBytes(8 + bodyLength);

        var chunk = clientEnd.SealAsymmetric(header, content);
        var opened = serverEnd.OpenAsymmetric(chunk, header.Length);

        Assert.Equal(content, opened.ToArray());
        Assert.Equal(0, (chunk.Length - header.Length) % (serverBits / 8));
    }

    [Fact]
    public void Asymmetric_EncryptedBlockChanged_FailsTheSecurityChecks()
    {
        using var clientEnd = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        using var serverEnd = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, _server, _client.RawData);
        var chunk = clientEnd.SealAsymmetric(TestCertificates.Header(60), RandomNumberGenerator.GetBytes(100));
        chunk[^3] ^= 0x10;

        var ex = Assert.Throws<OpcUaProtocolException>(() => serverEnd.OpenAsymmetric(chunk, 60));
        Assert.Equal(StatusCodes.BadSecurityChecksFailed, ex.StatusCode);
    }

    [Fact]
    public void Create_ServerKeyTooShort_ClearError()
    {
        using var weak = TestCertificates.Make("weak", 1024);
        var ex = Assert.Throws<OpcUaServiceException>(() => new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, _client, weak.RawData));
        Assert.Contains("1024 bits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxSymmetricBody_SignAndEncrypt_FillsTheChunkExactly()
    {
        using var security = new ChannelSecurity(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, _client, _server.RawData);
        var max = security.MaxSymmetricBody(8192);
        var chunk = security.SealSymmetric(TestCertificates.Header(16), new byte[8 + max], _keys);
        Assert.True(chunk.Length <= 8192, chunk.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(chunk.Length > 8192 - 16 - 16, chunk.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
