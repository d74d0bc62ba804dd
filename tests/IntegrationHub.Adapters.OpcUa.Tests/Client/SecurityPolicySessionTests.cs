using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Tests.Support;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>One node-opcua simulator offering None, Basic256Sha256, Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss.</summary>
public sealed class AllPoliciesServerFixture : IAsyncLifetime
{
    private TrustedServer? _trusted;

    internal TrustedServer Trusted => _trusted ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _trusted = await TrustedServer.StartAsync(TestTimeout.Token(120),
        "--security-policies", "None,Basic256Sha256,Aes128_Sha256_RsaOaep,Aes256_Sha256_RsaPss");

    public async Task DisposeAsync()
    {
        if (_trusted is not null)
        {
            await _trusted.DisposeAsync();
        }
    }
}

/// <summary>Issue 22 item 3: the new policies in both modes against node-opcua, and Best choosing among them.</summary>
public sealed class SecurityPolicySessionTests(AllPoliciesServerFixture fixture) : IClassFixture<AllPoliciesServerFixture>
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    [Theory]
    [InlineData("Aes128_Sha256_RsaOaep", SecurityPolicyUris.Aes128Sha256RsaOaep, MessageSecurityMode.Sign)]
    [InlineData("Aes128_Sha256_RsaOaep", SecurityPolicyUris.Aes128Sha256RsaOaep, MessageSecurityMode.SignAndEncrypt)]
    [InlineData("Aes256_Sha256_RsaPss", SecurityPolicyUris.Aes256Sha256RsaPss, MessageSecurityMode.Sign)]
    [InlineData("Aes256_Sha256_RsaPss", SecurityPolicyUris.Aes256Sha256RsaPss, MessageSecurityMode.SignAndEncrypt)]
    public async Task PinnedPolicyAndMode_UserNameSession_ManyChunksBothWays_AndTokenRenewal(string policy, string uri, MessageSecurityMode mode)
    {
        var options = fixture.Trusted.Options() with
        {
            SecurityPolicy = policy,
            SecurityMode = mode,
            MaximumSecurityMode = mode,
            BufferSize = 8192,
            SecureChannelLifetime = TimeSpan.FromSeconds(2),
        };
        await using var client = await OpcUaClient.ConnectAsync(options, _ct);

        Assert.Equal((mode, uri), (client.SecurityMode, client.Endpoint!.SecurityPolicyUri));
        var big = new byte[100_000];
        Random.Shared.NextBytes(big);
        var written = await client.WriteValueAsync(Mes("Test.ByteString"), new Variant(BuiltInType.ByteString, big), _ct);
        Assert.True(written.IsGood, written.ToString());
        Assert.Equal(big, (byte[])(await client.ReadValueAsync(Mes("Test.ByteString"), _ct)).Value.Value!);

        // The renewal is an OpenSecureChannel again: the asymmetric algorithms of the policy, new nonces, new keys.
        var firstToken = client.Channel.Token.TokenId;
        await WaitFor.ConditionAsync(() => client.Channel.RenewalCount >= 1, $"a token renewal on {policy} {mode}");
        var counter = await client.ReadValueAsync(Mes("Test.Counter"), _ct);
        Assert.True(counter.Status.IsGood, counter.Status.ToString());
        Assert.NotEqual(firstToken, client.Channel.Token.TokenId);
        await client.CloseAsync(_ct);
    }

    [Fact]
    public async Task Best_ChoosesSignAndEncryptAes256Sha256RsaPss_AndLogsTheChoice()
    {
        var log = new ExceptionLogger();
        await using var client = await OpcUaClient.ConnectAsync(fixture.Trusted.Options() with { Logger = log }, _ct);

        Assert.Equal((MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Aes256Sha256RsaPss), (client.SecurityMode, client.Endpoint!.SecurityPolicyUri));
        var chosen = Assert.Single(log.Entries, e => e.EventId == 4140);
        Assert.Contains("SignAndEncrypt Aes256_Sha256_RsaPss", chosen.Message, StringComparison.Ordinal);
        Assert.True((await client.ReadValueAsync(Mes("Line1.Machine1.State"), _ct)).Status.IsGood);
    }

    [Fact]
    public async Task BestUpToSign_ChoosesSignAes256Sha256RsaPss()
    {
        await using var client = await OpcUaClient.ConnectAsync(fixture.Trusted.Options() with { MaximumSecurityMode = MessageSecurityMode.Sign }, _ct);
        Assert.Equal((MessageSecurityMode.Sign, SecurityPolicyUris.Aes256Sha256RsaPss), (client.SecurityMode, client.Endpoint!.SecurityPolicyUri));
    }

    [Fact]
    public async Task WrongPassword_OnAes256Sha256RsaPss_RefusedByTheServer()
    {
        // The server decrypts what the client sent and compares: a wrong password must not pass.
        var options = fixture.Trusted.Options() with { SecurityPolicy = "Aes256_Sha256_RsaPss", Password = "not-the-password" };
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => OpcUaClient.ConnectAsync(options, _ct));
        Assert.Equal(StatusCodes.BadUserAccessDenied, ex.StatusCode);
    }
}
