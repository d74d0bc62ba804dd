using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;
using IntegrationHub.Adapters.OpcUa.Tests.Support;
using IntegrationHub.Tests.Common.OpcUa;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

/// <summary>
/// Two simulators with None and Basic256Sha256 endpoints whose user name token policy names another security policy:
/// Aes128_Sha256_RsaOaep (as some servers do by default), and a policy no one implements.
/// </summary>
public sealed class TokenPolicyServersFixture : IAsyncLifetime
{
    public const string UnknownPolicy = "http://example.com/UA/SecurityPolicy#Unheard_Of";

    private TrustedServer? _aes128Token;
    private TrustedServer? _unknownToken;

    internal TrustedServer Aes128Token => _aes128Token ?? throw new InvalidOperationException("The fixture is not initialized.");

    internal TrustedServer UnknownToken => _unknownToken ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        var ct = TestTimeout.Token(180);
        _aes128Token = await TrustedServer.StartAsync(ct, "--user-token-policy", "Aes128_Sha256_RsaOaep");
        _unknownToken = await TrustedServer.StartAsync(ct, "--user-token-policy", UnknownPolicy);
    }

    public async Task DisposeAsync()
    {
        if (_aes128Token is not null)
        {
            await _aes128Token.DisposeAsync();
        }

        if (_unknownToken is not null)
        {
            await _unknownToken.DisposeAsync();
        }
    }
}

/// <summary>Issue 22 item 3: the password is encrypted with the policy the user token policy names, not the channel's.</summary>
public sealed class TokenPolicyEncryptionTests(TokenPolicyServersFixture fixture) : IClassFixture<TokenPolicyServersFixture>
{
    private readonly CancellationToken _ct = TestTimeout.Token(120);

    private static ExpandedNodeId Mes(string id) => ExpandedNodeId.Parse($"nsu={MesOpcUaServer.NamespaceUri};s={id}");

    // Before issue 22 this failed with BadIdentityTokenRejected ("only Basic256Sha256 is implemented").
    [Theory]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public async Task Basic256Sha256Endpoint_Aes128TokenPolicy_SignsIn(MessageSecurityMode mode)
    {
        var log = new ExceptionLogger();
        var options = fixture.Aes128Token.Options() with { SecurityMode = mode, MaximumSecurityMode = mode, Logger = log };
        await using var client = await OpcUaClient.ConnectAsync(options, _ct);

        Assert.Equal((mode, SecurityPolicyUris.Basic256Sha256), (client.SecurityMode, client.Endpoint!.SecurityPolicyUri));
        var token = Assert.Single(client.Endpoint.UserIdentityTokens, t => t.TokenType == UserTokenType.UserName);
        Assert.Equal(SecurityPolicyUris.Aes128Sha256RsaOaep, token.SecurityPolicyUri);
        Assert.Contains(log.Entries, e => e.EventId == 4140 && e.Message.Contains("token encryption with Aes128_Sha256_RsaOaep", StringComparison.Ordinal));
        Assert.True((await client.ReadValueAsync(Mes("Line1.Machine1.State"), _ct)).Status.IsGood);
    }

    [Fact]
    public async Task NoneEndpoint_Aes128TokenPolicy_PasswordEncryptedAndAccepted()
    {
        var options = fixture.Aes128Token.Options() with { MaximumSecurityMode = MessageSecurityMode.None };
        await using var client = await OpcUaClient.ConnectAsync(options, _ct);

        Assert.Equal(MessageSecurityMode.None, client.SecurityMode);
        Assert.True((await client.ReadValueAsync(Mes("Line1.Machine1.State"), _ct)).Status.IsGood);
    }

    [Fact]
    public async Task Aes128TokenPolicy_WrongPassword_RefusedByTheServer()
    {
        var options = fixture.Aes128Token.Options() with { Password = "wrong-pw", SecurityMode = MessageSecurityMode.Sign };
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => OpcUaClient.ConnectAsync(options, _ct));
        Assert.Equal(StatusCodes.BadUserAccessDenied, ex.StatusCode);
    }

    [Theory]
    [InlineData(MessageSecurityMode.None)]
    [InlineData(MessageSecurityMode.Sign)]
    [InlineData(MessageSecurityMode.SignAndEncrypt)]
    public async Task UnknownTokenPolicy_ClearErrorNamingIt_NeverClearText(MessageSecurityMode mode)
    {
        // Even where the channel encrypts, the server expects the token encrypted with a policy the client lacks:
        // sending it plain would be refused at best, and on None or Sign it would expose the password.
        var options = fixture.UnknownToken.Options() with { SecurityMode = mode, MaximumSecurityMode = mode, AllowUnencryptedPassword = true };
        var ex = await Assert.ThrowsAsync<OpcUaServiceException>(() => OpcUaClient.ConnectAsync(options, _ct));

        Assert.Equal(StatusCodes.BadIdentityTokenRejected, ex.StatusCode);
        Assert.Contains(TokenPolicyServersFixture.UnknownPolicy, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not sent", ex.Message, StringComparison.Ordinal);
    }
}
