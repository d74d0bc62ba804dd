using System.Text;
using IntegrationHub.Tests.Common.Smtp;
using MimeKit;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

/// <summary>
/// RFC 2047 headers: a Chinese subject and display name leave the hub as ASCII encoded words (so a relay without
/// SMTPUTF8 passes them), and two independent readers, Python's e-mail package in the server and MimeKit's parser on
/// the received bytes, decode the original text.
/// </summary>
public sealed class SmtpEncodingTests
{
    [Fact]
    public async Task Send_ChineseSubjectAndDisplayName_EncodedWordsThatBothReadersDecode()
    {
        await using var server = await SmtpTestServer.StartAsync();
        const string Subject = "设备 EQ-C001-01 报警：主轴温度过高，工程师张伟正在处理";
        await using var channel = TestChannels.For(server, s => s with { FromName = "华东客服中心" });

        var result = await channel.SendAsync(new RenderedMessage(Subject, "请勿回复。", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.Equal(Subject, mail.Subject);
        Assert.Equal("华东客服中心", mail.FromName);
        Assert.Equal("请勿回复。", mail.Body.TrimEnd('\r', '\n'));
        var headers = HeaderBytes(mail);
        Assert.All(headers, b => Assert.True(b < 0x80, $"a header byte 0x{b:X2} is not ASCII"));
        var text = Encoding.ASCII.GetString(headers);
        Assert.Contains("Subject: =?utf-8?", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("From: =?utf-8?", text, StringComparison.OrdinalIgnoreCase);
        using var parsed = await MimeMessage.LoadAsync(mail.RawFile!);
        Assert.Equal(Subject, parsed.Subject);
        var from = Assert.Single(parsed.From.Mailboxes);
        Assert.Equal("华东客服中心", from.Name);
        Assert.Equal("service@hub.example", from.Address);
    }

    [Fact]
    public async Task Send_VeryLongChineseSubject_FoldedIntoShortLinesAndDecodedWhole()
    {
        // 3,000 characters, 9,000 bytes of UTF-8: one line would break RFC 5322 2.1.1's limit of 998.
        await using var server = await SmtpTestServer.StartAsync();
        var subject = string.Concat(Enumerable.Repeat("主轴温度过高请尽快处理。", 250));
        await using var channel = TestChannels.For(server);

        var result = await channel.SendAsync(new RenderedMessage(subject, "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.Equal(subject, mail.Subject);
        Assert.All(Encoding.ASCII.GetString(HeaderBytes(mail)).Split("\r\n"), line => Assert.True(line.Length <= 998, $"a header line of {line.Length} characters"));
        using var parsed = await MimeMessage.LoadAsync(mail.RawFile!);
        Assert.Equal(subject, parsed.Subject);
    }

    [Theory]
    [InlineData("张伟, \"Service\" <ceo@corp.example>")]
    [InlineData("Desk; Bcc: evil@x.example")]
    public async Task Send_DisplayNameWithAddressSyntax_StaysTheNameOfTheOneSender(string name)
    {
        // Specials in a display name written unquoted would make a second mailbox, or a forged one, in From.
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server, s => s with { FromName = name });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.Equal(name, mail.FromName);
        using var parsed = await MimeMessage.LoadAsync(mail.RawFile!);
        var from = Assert.Single(parsed.From.Mailboxes);
        Assert.Equal(name, from.Name);
        Assert.Equal("service@hub.example", from.Address);
        Assert.Empty(parsed.Bcc);
    }

    [Theory]
    [InlineData("=?utf-8?B?5bey5LuY5qy+?=")]
    [InlineData("Ticket =?utf-8?Q?=E5=B7=B2?= T-1")]
    public async Task Send_SubjectThatLooksLikeAnEncodedWord_ReadersShowItAsWritten(string subject)
    {
        // Ticket text from source data could carry an encoded word that a mail reader would decode into other text
        // ("已付款", paid); it must arrive as the characters the hub sent.
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server);

        var result = await channel.SendAsync(new RenderedMessage(subject, "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var mail = Assert.Single(server.Messages());
        Assert.Equal(subject, mail.Subject);
        using var parsed = await MimeMessage.LoadAsync(mail.RawFile!);
        Assert.Equal(subject, parsed.Subject);
    }

    [Fact]
    public async Task Send_DisplayNameThatLooksLikeAnEncodedWord_RefusedNamingFromName()
    {
        // MimeKit writes an ASCII name as it is; readers would show "evil@x.example" as the sender's name.
        await using var server = await SmtpTestServer.StartAsync();
        await using var channel = TestChannels.For(server, s => s with { FromName = "=?utf-8?B?ZXZpbEB4LmV4YW1wbGU=?=" });

        var result = await channel.SendAsync(new RenderedMessage("s", "b", ["kehu@example.cn"]), CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient, result.Error);
        Assert.Contains("(FromName)", result.Error, StringComparison.Ordinal);
        Assert.Contains("RFC 2047 encoded word", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Send_BodyWithLoneDotLines_ArrivesWhole()
    {
        // A line holding only "." ends DATA (RFC 5321 4.5.2) unless the client doubles it.
        await using var server = await SmtpTestServer.StartAsync();
        const string Body = "第一行\n.\n..\n.第四行\n";
        await using var channel = TestChannels.For(server);

        var result = await channel.SendAsync(new RenderedMessage("s", Body, ["kehu@example.cn"]), CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        Assert.Equal(Body, Assert.Single(server.Messages()).Body.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>The received header section: the bytes before the first empty line.</summary>
    private static byte[] HeaderBytes(ReceivedMail mail)
    {
        var raw = File.ReadAllBytes(mail.RawFile!);
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        return raw[..(end < 0 ? raw.Length : end)];
    }
}
