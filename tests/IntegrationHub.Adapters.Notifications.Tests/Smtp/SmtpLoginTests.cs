using System.Text;
using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>
/// AUTH PLAIN, LOGIN and XOAUTH2 (RFC 4954) against aiosmtpd: the server records the mechanism the client used, and
/// checks the XOAUTH2 string byte for byte as Google and Microsoft document it (<c>user=</c>u<c>^Aauth=Bearer </c>t<c>^A^A</c>).
/// </summary>
public sealed class SmtpLoginTests
{
    private const string Token = "eyJ0eXAiOiJKV1QiLCJub25jZSI6IjQ3MTEifQ.test-token";

    [Fact]
    public async Task Send_ServerOffersPlainAndLogin_LogsInWithPlain()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server);

        Assert.True((await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None)).Delivered);

        Assert.Equal("PLAIN", Assert.Single(server.Messages()).AuthMechanism);
    }

    [Fact]
    public async Task Send_ServerOffersOnlyLogin_LogsInWithLogin()
    {
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { AuthMechanisms = ["LOGIN"] });
        await using var channel = TestChannels.For(server);

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        Assert.Equal("LOGIN", Assert.Single(server.Messages()).AuthMechanism);
    }

    [Fact]
    public async Task Send_AccessToken_LogsInWithXoauth2AsTheServerChecksIt()
    {
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { OAuthToken = Token });
        await using var channel = TestChannels.For(server, s => s with { Password = null, AccessToken = Token });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.Equal("XOAUTH2", mail.AuthMechanism);
        Assert.True(mail.Authenticated);
    }

    [Fact]
    public async Task Send_WrongAccessToken_PermanentAndTheTokenIsInNoErrorAndNoLog()
    {
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { OAuthToken = Token });
        var log = new CapturedLogger<SmtpChannel>();
        const string Wrong = "expired-token-that-must-not-be-printed";
        await using var channel = TestChannels.For(server, s => s with { Password = null, AccessToken = Wrong }, log);

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("AUTH XOAUTH2 as 'hub' was refused: 535", result.Error, StringComparison.Ordinal);
        AssertNowhere(Wrong, result, log);
        AssertNowhere(Convert.ToBase64String(Encoding.UTF8.GetBytes($"user=hub\u0001auth=Bearer {Wrong}\u0001\u0001")), result, log);
        Assert.Empty(server.Messages());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_WrongPassword_PermanentNamingUserAndReply_PasswordInNoErrorAndNoLog(bool loginOnly)
    {
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { AuthMechanisms = loginOnly ? new[] { "LOGIN" } : null });
        var log = new CapturedLogger<SmtpChannel>();
        const string Wrong = "Pa55-word-that-must-not-be-printed";
        await using var channel = TestChannels.For(server, s => s with { Password = Wrong }, log);

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains($"AUTH {(loginOnly ? "LOGIN" : "PLAIN")} as 'hub' was refused: 535", result.Error, StringComparison.Ordinal);
        Assert.Contains("check UserName and Password", result.Error, StringComparison.Ordinal);
        AssertNowhere(Wrong, result, log);
        AssertNowhere(Convert.ToBase64String(Encoding.UTF8.GetBytes(Wrong)), result, log);
        AssertNowhere(Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0hub\0{Wrong}")), result, log);
    }

    [Fact]
    public async Task Send_AccessTokenFileRewritten_TheNextConnectionUsesTheNewToken()
    {
        // Tokens live about an hour; the site's refresh job rewrites the file, and the hub must not need a restart.
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { OAuthToken = Token });
        var file = Path.Combine(server.Directory, "token");
        await File.WriteAllTextAsync(file, "stale-token\n");
        await using var channel = TestChannels.For(server, s => s with { Password = null, AccessTokenFile = file });

        var stale = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);
        await File.WriteAllTextAsync(file, Token + "\n");
        var fresh = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(stale.Delivered);
        Assert.True(fresh.Delivered, fresh.Error);
        Assert.Equal("XOAUTH2", Assert.Single(server.Messages()).AuthMechanism);
    }

    [Fact]
    public async Task Send_AccessTokenFileWithAControlCharacter_RefusedWithoutShowingTheToken()
    {
        // XOAUTH2 separates its fields with U+0001: a token holding one could forge the user field.
        await using var server = await SmtpTestServer.StartAsync(new SmtpTestServerOptions { OAuthToken = Token });
        var file = Path.Combine(server.Directory, "token");
        await File.WriteAllTextAsync(file, "secret-part\u0001user=ceo@corp.example");
        await using var channel = TestChannels.For(server, s => s with { Password = null, AccessTokenFile = file });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("control character at position 12", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-part", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_AccessTokenButTheServerOffersNoXoauth2_PermanentNamingWhatItOffers()
    {
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server, s => s with { Password = null, AccessToken = Token });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("offers no AUTH XOAUTH2; mechanisms offered: LOGIN, PLAIN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TokenSettingsWithoutUserNameOrFile_AreConfigurationErrorsThatHideTheToken()
    {
        var channels = new Dictionary<string, ChannelSettings>
        {
            ["a"] = new() { Kind = "smtp", Host = "127.0.0.1", From = "service@hub.example", AccessToken = "tok\r\nen-secret" },
            ["b"] = new() { Kind = "smtp", Host = "127.0.0.1", From = "service@hub.example", UserName = "hub", AccessTokenFile = "/nonexistent/hub-token" },
            ["c"] = new() { Kind = "smtp", Host = "127.0.0.1", From = "service@hub.example", UserName = "hub", AccessToken = Token },
        };
        using var http = new HttpClient();

        var (built, errors) = NotificationChannelFactory.Create(channels, "Hub:Notifications:Channels", http, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Equal(["c"], built.Select(c => c.Name));
        Assert.Contains(errors, e => e.StartsWith("Hub:Notifications:Channels:a:UserName is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Notifications:Channels:a:AccessToken holds a control character at position 4", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Notifications:Channels:b:AccessTokenFile '/nonexistent/hub-token' does not exist", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("secret", e, StringComparison.Ordinal));
        foreach (var channel in built.OfType<IDisposable>())
        {
            channel.Dispose();
        }
    }

    private static void AssertNowhere(string secret, DeliveryResult result, CapturedLogger<SmtpChannel> log)
    {
        Assert.DoesNotContain(secret, result.Error, StringComparison.Ordinal);
        Assert.All(log.Inner.Entries, e => Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal));
    }
}
