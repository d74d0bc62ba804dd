using System.Globalization;
using System.Text;
using MimeKit;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// Sets a subject so that every mail reader shows the characters the hub sent. MimeKit writes an ASCII word such as
/// <c>=?utf-8?B?5bey5LuY5qy+?=</c> as it is (it encodes only words that need it), and readers then decode it into
/// other text, here 已付款 ("paid"): ticket text from source data could say what it does not. RFC 2047 section 5
/// leaves the sender to encode such text, so a subject holding <c>=?</c> is written whole as UTF-8 encoded words,
/// which readers decode back to exactly the text given. Any other subject is MimeKit's to write.
/// </summary>
internal static class LiteralSubject
{
    // 39 bytes of UTF-8 make 52 base64 characters; with "=?utf-8?B?" and "?=" a word is 64 characters, under RFC 2047's
    // 75, and "Subject: " plus the first word stays under the 78 of RFC 5322 2.1.1.
    private const int MaxBytesPerWord = 39;

    public static void Set(MimeMessage message, string subject)
    {
        message.Subject = subject;
        if (!subject.Contains("=?", StringComparison.Ordinal))
        {
            return;
        }

        var header = message.Headers.First(h => h.Id == HeaderId.Subject);
        header.SetRawValue(Encoding.ASCII.GetBytes(EncodedWords(subject)));
    }

    /// <summary>The text as folded encoded words, each holding whole characters, ending with CRLF as MimeKit's raw values do.</summary>
    private static string EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > MaxBytesPerWord && chunk.Length > 0)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
                bytes = 0;
            }

            chunk.Append(element);
            bytes += size;
        }

        words.Add(Word(chunk.ToString()));
        return " " + string.Join("\r\n ", words) + "\r\n";
    }

    private static string Word(string text) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";
}
