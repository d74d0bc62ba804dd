using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>
/// Issue 16 item 2: a customer's e-mail address from ERP data with CR/LF went into <c>RCPT TO:</c> and sent a forged
/// message through the hub's authenticated session. Against the real aiosmtpd peer with STARTTLS and AUTH.
/// </summary>
public sealed class SmtpInjectionTests
{
    private const string Hostile = "a@b.example\r\nRCPT TO:<evil@x.example>";

    // A full smuggle: closes the hub's envelope, opens one of its own from ceo@corp.example and sends it.
    private const string Smuggled = "victim@b.example>\r\nRSET\r\nMAIL FROM:<ceo@corp.example>\r\nRCPT TO:<evil@x.example>\r\nDATA\r\n"
        + "From: ceo@corp.example\r\nSubject: urgent payment\r\n\r\nPay invoice 4711 today.\r\n.\r\nRSET\r\nMAIL FROM:<service@hub.example>\r\nRCPT TO:<victim@b.example";


    [Theory]
    [InlineData(Hostile)]
    [InlineData(Smuggled)]
    public async Task Send_RecipientWithCrLf_IsRefusedWholeAndEvilGetsNothing(string hostile)
    {
        await using var server = await SmtpTestServer.StartAsync();
        var channel = TestChannels.For(server);

        var refused = await channel.SendAsync(new RenderedMessage("Ticket T-1 opened", "body", ["kehu@example.cn", hostile]), CancellationToken.None);
        // The same channel and server then deliver a clean message: proof that the server was listening and
        // accepting mail from this channel.
        var clean = await channel.SendAsync(new RenderedMessage("Ticket T-2 opened", "body", ["kehu@example.cn"]), CancellationToken.None);

        // Before the fix the smuggled envelope went out (from ceo@corp.example to evil@x.example) while the hub
        // recorded a failed delivery ("DATA got 250").
        Assert.True(clean.Delivered, clean.Error);
        Assert.DoesNotContain(server.Messages(), m => m.RcptTo.Contains("evil@x.example") || m.MailFrom == "ceo@corp.example");
        Assert.False(refused.Delivered);
        Assert.False(refused.IsTransient, refused.Error);
        Assert.Contains("recipient 2", refused.Error, StringComparison.Ordinal);
        Assert.Contains("control character CR", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', refused.Error!);
        Assert.DoesNotContain('\n', refused.Error!);
        var mail = Assert.Single(server.Messages());
        Assert.Equal("Ticket T-2 opened", mail.Subject);
        Assert.Equal(["kehu@example.cn"], mail.RcptTo);
    }

    [Theory]
    [InlineData("Ticket T-1 opened\r\nBcc: evil@x.example")]
    [InlineData("Ticket T-1 opened\nBcc: evil@x.example")]
    [InlineData("Ticket\u0000T-1")]
    [InlineData("Ticket\u2028T-1")]
    public async Task Send_SubjectWithControlCharacter_IsRefusedAndNamesTheSubject(string subject)
    {
        await using var server = await SmtpTestServer.StartAsync();

        var result = await TestChannels.For(server).SendAsync(new RenderedMessage(subject, "body", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("the subject", result.Error, StringComparison.Ordinal);
        Assert.Contains("control character", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_DisplayNameWithLineBreak_IsRefusedAndNamesFromName()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var result = await TestChannels.For(server, s => s with { FromName = "Service\r\nBcc: evil@x.example" })
            .SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Contains("FromName", result.Error, StringComparison.Ordinal);
        Assert.Contains("Service\\r\\nBcc", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_NonAsciiAddress_IsRefusedInsteadOfSentToAMangledAddress()
    {
        // Before: the command line was encoded as ASCII, so 张三@example.cn went out as ??@example.cn.
        await using var server = await SmtpTestServer.StartAsync();

        var result = await TestChannels.For(server).SendAsync(new RenderedMessage("s", "b", ["张三@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("SMTPUTF8", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public void Create_FromOrFromNameWithLineBreak_IsAConfigurationError()
    {
        var channels = new Dictionary<string, ChannelSettings>
        {
            ["mail"] = new() { Kind = "smtp", Host = "127.0.0.1", From = "service@hub.example\r\nRCPT TO:<evil@x.example>", FromName = "Desk\nBcc: evil@x.example" },
        };
        using var http = new HttpClient();

        var (built, errors) = NotificationChannelFactory.Create(channels, "Hub:Notifications:Channels", http, TimeProvider.System, NullLoggerFactory.Instance);

        Assert.Empty(built);
        Assert.Contains(errors, e => e.StartsWith("Hub:Notifications:Channels:mail:From 'service@hub.example\\r\\nRCPT", StringComparison.Ordinal) && e.Contains("control character CR", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Hub:Notifications:Channels:mail:FromName", StringComparison.Ordinal) && e.Contains("control character LF", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
    }
}
