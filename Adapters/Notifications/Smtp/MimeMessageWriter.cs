using System.Globalization;
using System.Text;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// Writes a plain-text e-mail as 7-bit MIME: headers with non-ASCII text as RFC 2047 encoded words, the UTF-8
/// body in base64 lines of 76 characters, so Chinese text passes every relay unchanged.
/// </summary>
internal static class MimeMessageWriter
{
    /// <exception cref="ArgumentException">A header value holds a control character; callers check first (issue 16 item 2).</exception>
    public static string Write(string from, string? fromName, IReadOnlyList<string> to, string subject, string body, DateTimeOffset date, string messageId)
    {
        foreach (var value in to.Prepend(from).Append(subject).Append(fromName ?? string.Empty).Append(messageId))
        {
            if (SmtpInputs.FirstControl(value) is not null)
            {
                throw new ArgumentException($"The header value '{SmtpInputs.Printable(value)}' holds a control character.", nameof(to));
            }
        }

        var text = new StringBuilder();
        text.Append("From: ").Append(Mailbox(fromName, from)).Append("\r\n");
        text.Append("To: ").AppendJoin(", ", to.Select(a => "<" + a + ">")).Append("\r\n");
        text.Append("Subject: ").Append(EncodeHeader(subject)).Append("\r\n");
        text.Append("Date: ").Append(date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture))
            .Append(date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal)).Append("\r\n");
        text.Append("Message-ID: <").Append(messageId).Append(">\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        text.Append("Content-Type: text/plain; charset=utf-8\r\n");
        text.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)));
        for (var i = 0; i < encoded.Length; i += 76)
        {
            text.Append(encoded, i, Math.Min(76, encoded.Length - i)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>ASCII text as is; anything else as UTF-8 base64 encoded words of at most 75 characters each.</summary>
    internal static string EncodeHeader(string value)
    {
        var single = value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        if (single.All(c => c is >= ' ' and <= '~'))
        {
            return single;
        }

        // 45 bytes of UTF-8 make 60 base64 characters, which with "=?utf-8?B?" and "?=" stays under 75; a
        // character is never split across two words.
        var words = new List<string>();
        var chunk = new StringBuilder();
        var bytes = 0;
        var e = StringInfo.GetTextElementEnumerator(single);
        while (e.MoveNext())
        {
            var element = e.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > 45 && chunk.Length > 0)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
                bytes = 0;
            }

            chunk.Append(element);
            bytes += size;
        }

        words.Add(Word(chunk.ToString()));
        return string.Join("\r\n ", words);
    }

    private static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static string Mailbox(string? name, string address) =>
        string.IsNullOrWhiteSpace(name) ? "<" + address + ">" : EncodeHeader(name) + " <" + address + ">";
}
