using IntegrationHub.Adapters.OpcUa.Client;
using IntegrationHub.Adapters.OpcUa.Encoding;
using IntegrationHub.Adapters.OpcUa.SecureChannel;
using IntegrationHub.Adapters.OpcUa.Services;

namespace IntegrationHub.Adapters.OpcUa.Tests.Client;

// Issue 22 item 3: Best takes the strongest endpoint both sides offer: the mode first, then the policy
// (Aes256_Sha256_RsaPss > Basic256Sha256 > Aes128_Sha256_RsaOaep), then the server's SecurityLevel.
public sealed class EndpointChoiceTests
{
    private const string Unknown = "http://opcfoundation.org/UA/SecurityPolicy#Basic128Rsa15";

    private static EndpointDescription Endpoint(MessageSecurityMode mode, string policy, byte level = 0) =>
        new() { SecurityMode = mode, SecurityPolicyUri = policy, SecurityLevel = level, TransportProfileUri = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary" };

    private static OpcUaClientOptions Best(string? policy = null) => new()
    {
        EndpointUrl = new Uri("opc.tcp://127.0.0.1:4840"),
        PkiRoot = "/nonexistent/pki",
        SecurityPolicy = policy,
    };

    // The server's SecurityLevel would pick Basic256Sha256 here (as some servers rank it); the client's own ranking wins.
    private static readonly EndpointDescription[] Offered =
    [
        Endpoint(MessageSecurityMode.None, SecurityPolicyUris.None, 0),
        Endpoint(MessageSecurityMode.Sign, SecurityPolicyUris.Aes256Sha256RsaPss, 1),
        Endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Aes128Sha256RsaOaep, 50),
        Endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Basic256Sha256, 90),
        Endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Aes256Sha256RsaPss, 10),
        Endpoint(MessageSecurityMode.SignAndEncrypt, Unknown, 255),
    ];

    [Fact]
    public void Best_TakesSignAndEncryptWithTheStrongestPolicy()
    {
        var chosen = EndpointChoice.Choose(Offered, Best());
        Assert.Equal((MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Aes256Sha256RsaPss), (chosen.SecurityMode, chosen.SecurityPolicyUri));
    }

    [Fact]
    public void Best_ModeBeforePolicy_SignAndEncryptAes128BeatsSignAes256()
    {
        var chosen = EndpointChoice.Choose([Offered[0], Offered[1], Offered[2]], Best());
        Assert.Equal((MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Aes128Sha256RsaOaep), (chosen.SecurityMode, chosen.SecurityPolicyUri));
    }

    [Fact]
    public void Best_Basic256Sha256BeforeAes128()
    {
        var chosen = EndpointChoice.Choose([Offered[2], Offered[3]], Best());
        Assert.Equal(SecurityPolicyUris.Basic256Sha256, chosen.SecurityPolicyUri);
    }

    [Fact]
    public void SamePolicyTwice_ServerSecurityLevelDecides()
    {
        var low = Endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Basic256Sha256, 3) with { EndpointUrl = "low" };
        var high = Endpoint(MessageSecurityMode.SignAndEncrypt, SecurityPolicyUris.Basic256Sha256, 4) with { EndpointUrl = "high" };
        Assert.Equal("high", EndpointChoice.Choose([low, high], Best()).EndpointUrl);
    }

    [Theory]
    [InlineData("Aes128_Sha256_RsaOaep", SecurityPolicyUris.Aes128Sha256RsaOaep)]
    [InlineData("basic256sha256", SecurityPolicyUris.Basic256Sha256)]
    [InlineData(SecurityPolicyUris.Aes256Sha256RsaPss, SecurityPolicyUris.Aes256Sha256RsaPss)]
    [InlineData("Best", SecurityPolicyUris.Aes256Sha256RsaPss)]
    public void PinnedPolicy_TakesOnlyThatPolicy(string setting, string expected)
    {
        Assert.Equal(expected, EndpointChoice.Choose(Offered, Best(setting)).SecurityPolicyUri);
    }

    [Fact]
    public void PinnedPolicyNotOffered_ErrorNamesItAndWhatTheServerOffers()
    {
        var ex = Assert.Throws<OpcUaServiceException>(() => EndpointChoice.Choose([Offered[0], Offered[3]], Best("Aes256_Sha256_RsaPss") with { SecurityMode = MessageSecurityMode.Sign }));
        Assert.Equal(StatusCodes.BadSecurityModeInsufficient, ex.StatusCode);
        Assert.Contains("Aes256_Sha256_RsaPss (set by configuration)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SignAndEncrypt " + SecurityPolicyUris.Basic256Sha256, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic128Rsa15")]
    [InlineData("None")]
    [InlineData("Aes256_Sha256_RsaPss\n")]
    public void PinnedPolicyUnknown_ArgumentErrorListsTheImplementedOnes(string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => EndpointChoice.Choose(Offered, Best(setting)));
        Assert.Contains("Aes128_Sha256_RsaOaep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyUnknownSecuredPolicies_FallsToNoneOnlyWhenAllowed()
    {
        EndpointDescription[] offered = [Offered[0], Offered[5]];
        Assert.Equal(MessageSecurityMode.None, EndpointChoice.Choose(offered, Best()).SecurityMode);
        var ex = Assert.Throws<OpcUaServiceException>(() => EndpointChoice.Choose(offered, Best() with { SecurityMode = MessageSecurityMode.Sign }));
        Assert.Contains("Aes256_Sha256_RsaPss, Basic256Sha256, Aes128_Sha256_RsaOaep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPki_SecuredEndpointsAreNotCandidates()
    {
        Assert.Equal(MessageSecurityMode.None, EndpointChoice.Choose(Offered, Best() with { PkiRoot = null }).SecurityMode);
    }
}
