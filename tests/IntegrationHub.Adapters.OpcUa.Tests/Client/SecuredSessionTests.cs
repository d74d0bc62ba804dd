using IntegrationHub.Adapters.OpcUa.Certificates;
using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// Basic256Sha256 against node-opcua: the simulator accepts unknown client certificates (as a commissioning engineer
/// would trust ours on the MES side), and the client trusts the server's only after it was moved to trusted/certs.
/// </summary>
public sealed class SecuredSessionTests : IAsyncLifetime
{
    private readonly string _pki = Path.Combine(Path.GetTempPath(), "opcua-secure-pki-" + Guid.NewGuid().ToString("N"));
    private readonly CancellationToken _ct = TestTimeout.Token();
    private MesOpcUaServer _server = null!;

    public async Task InitializeAsync() => _server = await MesOpcUaServer.StartAsync(_ct, "--auto-accept-client-certs");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_pki))
        {
            Directory.Delete(_pki, recursive: true);
        }
    }

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    private OpcUaClientOptions Options(MessageSecurityMode mode) => new()
    {
        EndpointUrl = _server.EndpointUrl,
        PkiRoot = _pki,
        ApplicationUri = "urn:integrationhub:test-client",
        SecurityMode = mode,
        MaximumSecurityMode = mode,
        UserName = _server.UserName,
        Password = _server.Password,
    };

    // The operator's first start: refused with the thumbprint, then the certificate is moved to trusted/certs.
    private async Task TrustServerAsync()
    {
        var refused = await Assert.ThrowsAsync<CertificateUntrustedException>(() => OpcUaClient.ConnectAsync(Options(MessageSecurityMode.SignAndEncrypt), _ct));
        File.Move(refused.RejectedPath, Path.Combine(refused.TrustedFolder, Path.GetFileName(refused.RejectedPath)));
    }

    [Theory]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    [InlineData(MessageSecurityMode.Sign)]
    public async Task Connect_Basic256Sha256WithUserName_ReadsWritesAndBrowses(MessageSecurityMode mode)
    {
        await TrustServerAsync();
        await using var client = await OpcUaClient.ConnectAsync(Options(mode), _ct);

        Assert.Equal(mode, client.SecurityMode);
        Assert.Equal(SecureChannel.SecurityPolicyUris.Basic256Sha256, client.Endpoint!.SecurityPolicyUri);
        var workOrder = await client.ReadValueAsync(Mes("Line1.CurrentWorkOrder.WorkOrderNumber"), _ct);
        Assert.StartsWith("WO-", (string)workOrder.Value.Value!, StringComparison.Ordinal);
        var written = await client.WriteValueAsync(Mes("Test.String"), new Variant(BuiltInType.String, "über secure 安全"), _ct);
        Assert.True(written.IsGood, written.ToString());
        var back = await client.ReadValueAsync(Mes("Test.String"), _ct);
        Assert.Equal("über secure 安全", back.Value.Value);
        await client.CloseAsync(_ct);
    }

    [Fact]
    public async Task Connect_SignAndEncrypt_LargeValueCrossesManyEncryptedChunksBothWays()
    {
        await TrustServerAsync();
        await using var client = await OpcUaClient.ConnectAsync(Options(MessageSecurityMode.SignAndEncrypt) with { BufferSize = 8192 }, _ct);
        var big = new byte[300_000];
        Random.Shared.NextBytes(big);

        var written = await client.WriteValueAsync(Mes("Test.ByteString"), new Variant(BuiltInType.ByteString, big), _ct);
        var back = await client.ReadValueAsync(Mes("Test.ByteString"), _ct);

        Assert.True(written.IsGood, written.ToString());
        Assert.Equal(big, (byte[])back.Value.Value!);
    }

    [Fact]
    public async Task Connect_SignAndEncrypt_TokenRenewedWithNewKeysAndSubscriptionKeepsDelivering()
    {
        await TrustServerAsync();
        await using var client = await OpcUaClient.ConnectAsync(Options(MessageSecurityMode.SignAndEncrypt) with { SecureChannelLifetime = TimeSpan.FromSeconds(2) }, _ct);
        var firstToken = client.Channel.Token;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (client.Channel.RenewalCount < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, _ct);
        }

        var counter = await client.ReadValueAsync(Mes("Test.Counter"), _ct);
        Assert.True(client.Channel.RenewalCount >= 2, $"renewals: {client.Channel.RenewalCount}, lifetime {firstToken.RevisedLifetime} ms");
        Assert.NotEqual(firstToken.TokenId, client.Channel.Token.TokenId);
        Assert.True(counter.Status.IsGood, counter.Status.ToString());
    }

    [Fact]
    public async Task Connect_SecurityWithoutPki_ClearError()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => OpcUaClient.ConnectAsync(Options(MessageSecurityMode.Sign) with { PkiRoot = null }, _ct));
        Assert.Contains("PkiRoot", ex.Message, StringComparison.Ordinal);
    }
}
