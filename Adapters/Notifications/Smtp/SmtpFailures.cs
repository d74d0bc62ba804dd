using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// Turns what MailKit throws into a <see cref="DeliveryResult"/>: replies 4xx and broken or silent connections are
/// transient, 5xx replies and set-up problems permanent (RFC 5321 4.2.1). The retry policy decides on
/// <see cref="DeliveryResult.IsTransient"/>, never on the text.
/// </summary>
internal static class SmtpFailures
{
    /// <summary>Whether <paramref name="error"/> is a delivery failure to report, not the caller stopping us or a bug.</summary>
    public static bool IsDeliveryFailure(Exception error, CancellationToken cancellationToken) => error switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        SmtpCommandException or SmtpSetupException or SslHandshakeException or NotSupportedException => true,
        _ => IsBrokenConnection(error),
    };

    /// <summary>
    /// The connection failed under the command, as when the server closed an idle connection that was kept for the next
    /// message: a new connection may well pass.
    /// </summary>
    public static bool IsBrokenConnection(Exception error) =>
        error is IOException or SocketException or TimeoutException or ServiceNotConnectedException or ProtocolException;

    /// <summary>
    /// Whether a kept connection may have died while idle: broken, or the relay's 421 "closing the channel" (RFC 5321
    /// 4.2.3), which Postfix sends before it drops an idle client. Worth one more try on a new connection.
    /// </summary>
    public static bool IsStaleConnection(Exception error) =>
        IsBrokenConnection(error) || error is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable };

    public static DeliveryResult Classify(Exception error, string channel, SmtpSettings settings)
    {
        var at = $"channel '{channel}' ({settings.Host}:{settings.Port})";
        switch (error)
        {
            case SmtpCommandException command:
                var code = (int)command.StatusCode;
                var what = command.ErrorCode switch
                {
                    SmtpErrorCode.SenderNotAccepted => $"the server refused the sender {settings.From}",
                    SmtpErrorCode.RecipientNotAccepted => $"the server refused recipient {SmtpInputs.Printable(command.Mailbox?.Address)}",
                    SmtpErrorCode.MessageNotAccepted => "the server refused the message",
                    _ => "the server answered",
                };
                var text = string.Create(CultureInfo.InvariantCulture, $"{at}: {what}: {code} {SmtpInputs.Printable(command.Message)}");
                return code is >= 400 and < 500 ? DeliveryResult.Transient(text) : DeliveryResult.Permanent(text);
            case SmtpSetupException setup:
                return setup.IsTransient ? DeliveryResult.Transient($"{at}: {setup.Message}") : DeliveryResult.Permanent($"{at}: {setup.Message}");
            case SslHandshakeException handshake:
                // Without a certificate problem (SmtpConnections turns those into SmtpSetupException) the handshake broke
                // off: a blip, or TLS settings that do not match the port. Transient, with the likely fix.
                return DeliveryResult.Transient($"{at}: the TLS handshake failed ({SmtpInputs.Printable(handshake.InnerException?.Message ?? handshake.Message)}); "
                    + "if it persists, check that Tls matches the port (Implicit for 465, StartTls for 587).");
            case NotSupportedException unsupported:
                return DeliveryResult.Permanent($"{at}: {unsupported.Message}");
            case OperationCanceledException or TimeoutException:
                return DeliveryResult.Transient($"{at} did not answer within {settings.Timeout}.");
            case SocketException socket:
                return DeliveryResult.Transient($"channel '{channel}': cannot reach {settings.Host}:{settings.Port}: {socket.Message}");
            default:
                return DeliveryResult.Transient($"{at}: the connection broke: {SmtpInputs.Printable(error.Message)}");
        }
    }
}
