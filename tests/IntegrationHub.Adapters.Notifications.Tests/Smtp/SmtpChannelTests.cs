using IntegrationHub.Adapters.Notifications.Smtp;
using IntegrationHub.Tests.Common.Mqtt;
using IntegrationHub.Tests.Common.Smtp;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>Against a real SMTP server on loopback (Debian's python3-aiosmtpd) with STARTTLS and AUTH.</summary>
public sealed class SmtpChannelTests
{

    [Fact]
    public async Task Send_OverStartTlsWithAuth_ArrivesIntactAsPythonReadsIt()
    {
        await using var server = await SmtpTestServer.StartAsync();
        var body = "我们检测到设备 EQ-C001-01 主轴温度过高。\n.a line that starts with a dot\nEngineer 张伟 is on it.";

        var result = await TestChannels.For(server).SendAsync(new RenderedMessage("设备 EQ-C001-01 报警：主轴温度过高", body, ["kehu@example.cn", "desk@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.True(mail.Tls);
        Assert.True(mail.Authenticated);
        Assert.Equal("service@hub.example", mail.MailFrom);
        Assert.Equal(["kehu@example.cn", "desk@example.cn"], mail.RcptTo);
        Assert.Equal("设备 EQ-C001-01 报警：主轴温度过高", mail.Subject);
        Assert.Equal(body, mail.Body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        Assert.Contains("客服中心", mail.From, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerCertificateFromAnUntrustedCa_IsRefusedAndSaysHowToTrustIt()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var result = await TestChannels.For(server, s => s with { CaFile = server.Certificates!.OtherCaFile }).SendAsync(new RenderedMessage("s", "b", ["a@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient);
        Assert.Contains("not trusted", result.Error, StringComparison.Ordinal);
        Assert.Contains("CaFile", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_WrongPassword_IsAPermanentAuthError()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var result = await TestChannels.For(server, s => s with { Password = "wrong" }).SendAsync(new RenderedMessage("s", "b", ["a@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("AUTH", result.Error, StringComparison.Ordinal);
        Assert.Contains("535", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerThatAnswers451_IsTransient()
    {
        await using var server = await SmtpTestServer.StartAsync(failWith: "451 4.3.0 try again later");

        var result = await TestChannels.For(server).SendAsync(new RenderedMessage("s", "b", ["a@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.True(result.IsTransient, result.Error);
        Assert.Contains("451", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NobodyListening_IsTransientAndNamesTheServer()
    {
        var port = LoopbackPort.GetFree();
        var channel = new SmtpChannel("mail", new SmtpSettings { Host = "127.0.0.1", Port = port, From = "a@b.c" }, TimeProvider.System, NullLogger<SmtpChannel>.Instance);

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["a@example.cn"]), CancellationToken.None);

        Assert.True(result.IsTransient);
        Assert.Contains($"127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TlsRequiredButServerOffersNone_IsRefusedBeforeAnyPassword()
    {
        await using var server = await SmtpTestServer.StartAsync(tls: false, auth: false);

        var result = await TestChannels.For(server, s => s with { UserName = null, Password = null }).SendAsync(new RenderedMessage("s", "b", ["a@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Contains("does not offer STARTTLS", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_SameKeyTwice_BothCopiesCarryOneMessageId_AnotherKeyAnother_NoKeyANewOneEachTime()
    {
        // Issue 18 item 3: the outbox's id is the message's identity, the same on every attempt and node.
        await using var server = await SmtpTestServer.StartAsync();
        var channel = TestChannels.For(server);
        var message = new RenderedMessage("s", "b", ["a@example.cn"]);

        foreach (var sent in new[] { message with { Key = "k1" }, message with { Key = "k1" }, message with { Key = "k2" }, message, message })
        {
            Assert.True((await channel.SendAsync(sent, CancellationToken.None)).Delivered);
        }

        var ids = server.Messages().Select(m => m.MessageId).ToList();
        Assert.Equal(["<outbox.k1@hub.example>", "<outbox.k1@hub.example>", "<outbox.k2@hub.example>"], ids.Take(3));
        // Without a key (not the outbox's message), one per attempt as before, never the outbox form.
        Assert.All(ids.Skip(3), id => Assert.Matches("^<[0-9a-f]{32}@hub.example>$", id));
        Assert.NotEqual(ids[3], ids[4]);
    }

    [Fact]
    public async Task Send_ServerKeepsTheMessageButDropsTheConnectionBeforeItsReply_TheRetryArrivesWithTheSameMessageId()
    {
        // The at-least-once window: the server took the message, the client could not know, and sends it again.
        await using var server = await SmtpTestServer.StartAsync(dropAfterData: 1);
        var message = new RenderedMessage("设备 EQ-C001-01 报警", "b", ["a@example.cn"]) { Key = "0a1b2c3d4e5f60718293a4b5c6d7e8f9" };

        var first = await TestChannels.For(server).SendAsync(message, CancellationToken.None);
        var second = await TestChannels.For(server).SendAsync(message, CancellationToken.None);

        Assert.False(first.Delivered);
        Assert.True(first.IsTransient, first.Error);
        Assert.True(second.Delivered, second.Error);
        var copies = server.Messages();
        Assert.Equal(2, copies.Count);
        Assert.Equal(["<outbox.0a1b2c3d4e5f60718293a4b5c6d7e8f9@hub.example>"], copies.Select(m => m.MessageId).Distinct());
    }

    [Fact]
    public async Task Send_KeyThatWouldBreakTheHeader_RefusedWholeBeforeConnecting()
    {
        await using var server = await SmtpTestServer.StartAsync();

        var result = await TestChannels.For(server).SendAsync(new RenderedMessage("s", "b", ["a@example.cn"]) { Key = "k1>\r\nBcc: evil@x.example" }, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient);
        Assert.Contains("the message's id 'k1>\\r\\nBcc: evil@x.example' holds '>' at position 3", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }
}
