using MimeKit;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// A rendered notification as a MIME message, written by MimeKit: the subject and display name as RFC 2047 encoded
/// words when they are not ASCII (so Chinese text passes relays that know nothing of SMTPUTF8), the UTF-8 body in
/// base64, 7-bit on every hop. The values were checked before (<see cref="SmtpInputs"/>): none holds a control
/// character, so none can end a header line, whatever the encoder does.
/// </summary>
internal static class SmtpMessages
{
    /// <summary>
    /// The options MailKit writes the message with: never the raw UTF-8 headers of RFC 6532, even to a server that offers
    /// SMTPUTF8, because the next relay may not (MailKit turns <see cref="FormatOptions.International"/> on only when asked).
    /// </summary>
    public static FormatOptions Format { get; } = CreateFormat();

    public static MimeMessage Create(SmtpSettings settings, RenderedMessage message, string messageId, DateTimeOffset date)
    {
        var mime = new MimeMessage
        {
            Date = date,
            MessageId = messageId,
        };
        LiteralSubject.Set(mime, message.Subject);
        mime.From.Add(Mailbox(settings.FromName, settings.From));
        foreach (var recipient in message.Recipients)
        {
            mime.To.Add(Mailbox(null, recipient));
        }

        var body = new TextPart(MimeKit.Text.TextFormat.Plain) { ContentTransferEncoding = ContentEncoding.Base64 };
        // Text in base64 is encoded in its canonical form, lines ending in CRLF (RFC 2046 4.1.1); the encoder takes
        // the text as it is.
        body.SetText("utf-8", message.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));
        mime.Body = body;
        return mime;
    }

    public static MailboxAddress Mailbox(string? name, string address) =>
        new(string.IsNullOrWhiteSpace(name) ? string.Empty : name, address);

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.International = false;
        return format;
    }
}
