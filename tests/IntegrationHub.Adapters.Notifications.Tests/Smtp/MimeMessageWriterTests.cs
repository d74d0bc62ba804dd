using System.Text;
using IntegrationHub.Adapters.Notifications.Smtp;

namespace IntegrationHub.Adapters.Notifications.Tests.Smtp;

public sealed class MimeMessageWriterTests
{
    [Fact]
    public void EncodeHeader_LeavesPrintableAsciiAsIs() =>
        Assert.Equal("Ticket T-2026-000001 opened", MimeMessageWriter.EncodeHeader("Ticket T-2026-000001 opened"));

    [Fact]
    public void EncodeHeader_ChineseBecomesUtf8EncodedWordsOfAtMost75Characters()
    {
        var subject = "设备 EQ-C001-01 主轴温度过高：工程师张伟正在处理，请勿重复报修。我们会在两小时内联系您。";
        var encoded = MimeMessageWriter.EncodeHeader(subject);
        var words = encoded.Split("\r\n ");
        Assert.True(words.Length > 1);
        Assert.All(words, w => Assert.True(w.Length <= 75, $"'{w}' is {w.Length} characters"));
        var decoded = string.Concat(words.Select(w => Encoding.UTF8.GetString(Convert.FromBase64String(w["=?utf-8?B?".Length..^2]))));
        Assert.Equal(subject, decoded);
    }

    [Fact]
    public void EncodeHeader_FoldsNoNewlineIntoTheHeader() =>
        Assert.DoesNotContain("\n", MimeMessageWriter.EncodeHeader("line one\r\nBcc: victim@example.com"), StringComparison.Ordinal);

    [Theory]
    [InlineData(".starts with a dot", "..starts with a dot\r\n")]
    [InlineData("a\n.\nb", "a\r\n..\r\nb\r\n")]
    [InlineData("a\r\n.b\r\n", "a\r\n..b\r\n")]
    [InlineData("no dots", "no dots\r\n")]
    public void DotStuff_DoublesLeadingDotsAndEndsWithCrlf(string text, string expected) =>
        Assert.Equal(expected, SmtpConnection.DotStuff(text));

    [Fact]
    public void Write_BodyIsBase64LinesOfAtMost76()
    {
        var mime = MimeMessageWriter.Write("hub@example.com", "客服中心", ["a@example.com"], "主题", new string('中', 200), DateTimeOffset.UnixEpoch, "id@example.com");
        var body = mime[(mime.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 76));
        Assert.Equal(new string('中', 200), Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(lines))));
        Assert.Contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n", mime, StringComparison.Ordinal);
    }
}
