using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>
/// Issue 21 item 2: implicit TLS (port 465, RFC 8314 3.3), which Tencent Exmail, Alibaba Mail, QQ and 163 Mail expect.
/// Against aiosmtpd listening with TLS from the first byte on its own port, where nothing is readable before the handshake.
/// </summary>
public sealed class SmtpImplicitTlsTests
{
    private static readonly SmtpTestServerOptions ImplicitTls = new() { ImplicitTls = true };

    [Fact]
    public async Task Send_ImplicitTlsWithAuth_ArrivesEncryptedAndLoggedIn()
    {
        await using var server = await SmtpTestServer.StartAsync(ImplicitTls);
        await using var channel = TestChannels.For(server, s => s with { Tls = SmtpTlsMode.Implicit });

        var result = await channel.SendAsync(new RenderedMessage("设备报警", "主轴温度过高", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.True(mail.Tls);
        Assert.True(mail.Authenticated);
        Assert.Equal("PLAIN", mail.AuthMechanism);
        Assert.Equal("设备报警", mail.Subject);
    }

    [Fact]
    public async Task Send_ImplicitTlsToAStartTlsPort_FailsNamingTheSettingThatMustMatchThePort()
    {
        // The old client had no implicit TLS; a site that set port 465 got a greeting timeout. Now the mismatch the
        // other way round (465 style against a 587 server) says what to change.
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server, s => s with { Tls = SmtpTlsMode.Implicit });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.True(result.IsTransient, result.Error);
        Assert.Contains($"127.0.0.1:{server.Port}", result.Error, StringComparison.Ordinal);
        Assert.Contains("Implicit for 465", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Send_ImplicitTlsCertificateNotFromATrustedCa_RefusedPermanentlyNamingCaFile(bool otherCa)
    {
        // Never "accept any" by default: neither the system's CAs nor an unrelated site CA vouch for the test CA.
        await using var server = await SmtpTestServer.StartAsync(ImplicitTls);
        await using var channel = TestChannels.For(server, s => s with { Tls = SmtpTlsMode.Implicit, CaFile = otherCa ? server.Certificates!.OtherCaFile : null });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("not trusted", result.Error, StringComparison.Ordinal);
        Assert.Contains("CN=", result.Error, StringComparison.Ordinal);
        Assert.Contains("CaFile", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_AllowUntrustedCertificate_DeliversAndWarnsOnTheConnection()
    {
        await using var server = await SmtpTestServer.StartAsync(ImplicitTls);
        var log = new CapturedLogger<SmtpChannel>();
        await using var channel = TestChannels.For(server, s => s with { Tls = SmtpTlsMode.Implicit, CaFile = null, AllowUntrustedCertificate = true }, log);

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        Assert.Contains(log.Inner.Entries, e => e.EventId == 2200);
    }

    [Fact]
    public async Task Create_ImplicitWithoutPort_Uses465()
    {
        var channels = new Dictionary<string, ChannelSettings>
        {
            ["mail"] = new() { Kind = "smtp", Host = "127.0.0.1", Tls = SmtpTlsMode.Implicit, From = "service@hub.example" },
        };
        using var http = new HttpClient();
        var (built, errors) = NotificationChannelFactory.Create(channels, "Hub:Notifications:Channels", http, TimeProvider.System, NullLoggerFactory.Instance);
        Assert.Empty(errors);
        await using var channel = Assert.IsType<SmtpChannel>(Assert.Single(built));

        // Nothing listens on 127.0.0.1:465 here: the error names the port the channel chose.
        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Contains("127.0.0.1:465", result.Error, StringComparison.Ordinal);
    }
}
