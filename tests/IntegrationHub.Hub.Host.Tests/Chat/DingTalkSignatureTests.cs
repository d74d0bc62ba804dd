using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Tests.Chat;

public sealed class DingTalkSignatureTests
{
    private const string Secret = "SEC-test-secret";
    private const string Timestamp = "1763800000000";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1763800000000).AddMinutes(5);

    // Computed independently: python3 -c "import hmac,hashlib,base64; print(base64.b64encode(hmac.new(b'SEC-test-secret',
    // b'1763800000000\nSEC-test-secret', hashlib.sha256).digest()).decode())"
    [Fact]
    public void Compute_MatchesAnIndependentHmac()
        => Assert.Equal("SUEiquLBq4zRFcbO1KiS1iMaS7j13i7qHlEuW5SRtvI=", DingTalkSignature.Compute(Timestamp, Secret));

    [Fact]
    public void Check_GenuineAndFresh_Accepted()
        => Assert.Null(DingTalkSignature.Check(Timestamp, "SUEiquLBq4zRFcbO1KiS1iMaS7j13i7qHlEuW5SRtvI=", Secret, Now));

    [Theory]
    [InlineData(null, "x", "missing")]
    [InlineData(Timestamp, "SUEiquLBq4zRFcbO1KiS1iMaS7j13i7qHlEuW5SRtvA=", "does not match")]
    [InlineData("1763700000000", "SUEiquLBq4zRFcbO1KiS1iMaS7j13i7qHlEuW5SRtvI=", "within an hour")]
    [InlineData("not-a-number", "x", "within an hour")]
    public void Check_ForgedStaleOrMissing_RefusedWithTheReason(string? timestamp, string sign, string reason)
        => Assert.Contains(reason, DingTalkSignature.Check(timestamp, sign, Secret, Now), StringComparison.Ordinal);
}
