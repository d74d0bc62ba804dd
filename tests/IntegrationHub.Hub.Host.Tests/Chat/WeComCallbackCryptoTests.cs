using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Tests.Chat;

public sealed class WeComCallbackCryptoTests
{
    private const string Token = "QDG6eK";
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string Timestamp = "1409659813";
    private const string Nonce = "1372623149";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1409659813).AddMinutes(5);

    // Sealed by WeCom's own library, not by the hub: in tests/peers/wecom, node -e 'const c=require("@wecom/crypto");
    // const e=c.encrypt(KEY, MESSAGE, "", Buffer.from("0123456789abcdef")); console.log(e, c.getSignature(TOKEN,
    // TIMESTAMP, NONCE, e))' with @wecom/crypto 1.0.1.
    private const string Message = """{"msgid":"m1","aibotid":"bot","chattype":"single","from":{"userid":"li.lei"},"msgtype":"text","text":{"content":"查订单 SO-A-001"}}""";
    private const string Sealed = "Q3stYC6hdFzMh9T8HCvyDD/kEzzMMfcXXg8AO55V4F0ENy2jyrbGxP9CGKPkiTlvPufrNlAal0/pZVE1gJv+b0PRzdldTK/DvI1RQr6kIPX0RgS9as6g5dxs3pcpO8cPKpa8KCzCi7Vx6YeUaqba0S0M6n6QzXq88OifVYLhCHdiBaiHekW6l61ry1B2MrSAOe2epiLaccIv0WD3/OhA0w==";
    private const string Signature = "f96a3bf89505e0dbee59936b777d171b65c9fea5";

    private static readonly WeComCallbackCrypto Crypto = WeComCallbackCrypto.Create(Token, Key, receiveId: "");

    [Fact]
    public void Open_WeComsOwnCiphertext_GivesTheMessage()
        => Assert.Equal(Message, Crypto.Open(Sealed));

    [Fact]
    public void Sign_MatchesWeComsOwnSignature()
    {
        Assert.Equal(Signature, Crypto.Sign(Timestamp, Nonce, Sealed));
        Assert.Null(Crypto.Check(Signature, Timestamp, Nonce, Sealed, Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("twelve bytes")] // 16 + 4 + 12 = 32: a whole block of padding follows
    [InlineData("订单进度 with a longer text that spans several AES blocks, and then some more to be sure")]
    public void Seal_ThenOpen_RoundTrips(string message)
    {
        var sealedMessage = Crypto.Seal(message);

        Assert.Equal(0, Convert.FromBase64String(sealedMessage).Length % 32);
        Assert.Equal(message, Crypto.Open(sealedMessage));
        Assert.NotEqual(sealedMessage, Crypto.Seal(message));
    }

    [Fact]
    public void Open_ForAnotherReceiveId_RefusedNamingBoth()
    {
        var forApp = WeComCallbackCrypto.Create(Token, Key, receiveId: "ww0123456789abcdef");

        var refused = Assert.Throws<WeComCryptoException>(() => forApp.Open(Sealed));
        Assert.Contains("receive id '', not 'ww0123456789abcdef'", refused.Message, StringComparison.Ordinal);
        Assert.Equal("hello", forApp.Open(forApp.Seal("hello")));
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")] // 16 bytes: not a whole 32-byte block
    public void Open_Garbage_RefusedWithTheReason(string encrypted)
        => Assert.Contains("not Base64 of whole 32-byte blocks", Assert.Throws<WeComCryptoException>(() => Crypto.Open(encrypted)).Message, StringComparison.Ordinal);

    [Fact]
    public void Open_WithAnotherRobotsKey_Refused()
    {
        var other = WeComCallbackCrypto.Create(Token, "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", receiveId: "");

        Assert.Throws<WeComCryptoException>(() => other.Open(Sealed));
    }

    [Theory]
    [InlineData(null, Timestamp, "missing")]
    [InlineData("0000000000000000000000000000000000000000", Timestamp, "does not match")]
    [InlineData(Signature, "1409650000", "within an hour")]
    [InlineData(Signature, "soon", "within an hour")]
    public void Check_ForgedStaleOrMissing_RefusedWithTheReason(string? signature, string timestamp, string reason)
        => Assert.Contains(reason, Crypto.Check(signature, timestamp, Nonce, Sealed, Now), StringComparison.Ordinal);

    [Theory]
    [InlineData(Key, true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", false)] // 42 characters
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+", false)]
    [InlineData("", false)]
    public void KeyOf_AcceptsOnlyWeComsShape(string encodingAesKey, bool valid)
        => Assert.Equal(valid, WeComCallbackCrypto.KeyOf(encodingAesKey) is { Length: 32 });
}
