using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>E-mail through the site's SMTP relay: one connection per message, which is plenty for alerts.</summary>
public sealed partial class SmtpChannel(string name, SmtpSettings settings, TimeProvider time, ILogger<SmtpChannel> logger) : INotificationChannel
{
    public string Name { get; } = name;

    public string Kind => "smtp";

    public async Task<DeliveryResult> SendAsync(RenderedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipients.Count == 0)
        {
            return DeliveryResult.Permanent($"channel '{Name}': the message '{message.Subject}' has no recipient address.");
        }

        if (settings.AllowUntrustedCertificate)
        {
            LogUntrustedAllowed(logger, Name, settings.Host);
        }

        try
        {
            await using var connection = await SmtpConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            await connection.SecureAsync(cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await connection.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            var domain = settings.From.Contains('@', StringComparison.Ordinal) ? settings.From[(settings.From.IndexOf('@', StringComparison.Ordinal) + 1)..] : "integrationhub.local";
            var mime = MimeMessageWriter.Write(settings.From, settings.FromName, message.Recipients, message.Subject, message.Body,
                time.GetUtcNow(), $"{Guid.NewGuid():N}@{domain}");
            await connection.SendDataAsync(settings.From, message.Recipients, mime, cancellationToken).ConfigureAwait(false);
            await connection.QuitAsync(cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Success;
        }
        catch (SmtpProtocolException e)
        {
            var error = $"channel '{Name}' ({settings.Host}:{settings.Port}): {e.Message}";
            return e.IsTransient ? DeliveryResult.Transient(error) : DeliveryResult.Permanent(error);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return DeliveryResult.Transient($"channel '{Name}': cannot reach {settings.Host}:{settings.Port}: {e.Message}");
        }
    }

    [LoggerMessage(2200, LogLevel.Warning, "Notification channel {Channel} accepts any certificate from {Host} (AllowUntrustedCertificate is on)")]
    private static partial void LogUntrustedAllowed(ILogger logger, string channel, string host);
}
