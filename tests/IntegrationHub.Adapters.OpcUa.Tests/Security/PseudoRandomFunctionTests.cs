using IntegrationHub.Adapters.OpcUa.Security;

namespace IntegrationHub.Adapters.OpcUa.Tests.Security;

public sealed class PseudoRandomFunctionTests
{
    // Expected bytes computed by two independent implementations, which agree:
    //   openssl kdf -keylen 80 -kdfopt digest:SHA256 -kdfopt hexsecret:<secret> -kdfopt hexseed:<seed> TLS1-PRF
    //   node-opcua-crypto makePseudoRandomBuffer(secret, seed, 80, "SHA256")
    private const string Secret = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Seed = "f0e1d2c3b4a5968778695a4b3c2d1e0fffeeddccbbaa99887766554433221100";
    private const string Expected = "620c54fd6ccb6a2cbe720d83cef156780a64065eb887eccbb409e7e86581261763107e350a573111fae44395cff123180dbfa957f9e0d40b7d6120deed8fa6adc2b16c69e0a9ff224f918349e6ce0d9f";

    [Fact]
    public void PSha256_KnownVector_MatchesOpenSslAndNodeOpcua()
    {
        var output = PseudoRandomFunction.PSha256(Convert.FromHexString(Secret), Convert.FromHexString(Seed), 80);
        Assert.Equal(Expected, Convert.ToHexStringLower(output));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(33)]
    public void PSha256_ShorterLengths_ArePrefixesOfTheStream(int length)
    {
        var output = PseudoRandomFunction.PSha256(Convert.FromHexString(Secret), Convert.FromHexString(Seed), length);
        Assert.Equal(Expected[..(length * 2)], Convert.ToHexStringLower(output));
    }

    [Fact]
    public void Derive_Basic256Sha256_SplitsSigningEncryptingAndIvFromTheStream()
    {
        var keys = SymmetricKeys.Derive(SecurityPolicy.Basic256Sha256, Convert.FromHexString(Secret), Convert.FromHexString(Seed));
        Assert.Equal(Expected[..64], Convert.ToHexStringLower(keys.SigningKey));
        Assert.Equal(Expected[64..128], Convert.ToHexStringLower(keys.EncryptingKey));
        Assert.Equal(Expected[128..160], Convert.ToHexStringLower(keys.InitializationVector));
    }
}
