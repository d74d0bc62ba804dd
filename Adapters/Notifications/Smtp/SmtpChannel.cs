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
            return DeliveryResult.Permanent($"channel '{Name}': the message '{SmtpInputs.Printable(message.Subject)}' has no recipient address.");
        }

        // Issue 16 item 2: nothing with a control character reaches a command line or a header. Such a message is
        // refused whole (permanent, so the outbox dead-letters it): sending it to the valid recipients only would
        // hide the bad address from whoever must fix the source data.
        if (Refusal(message, out var messageId) is { } refusal)
        {
            LogRefused(logger, Name, refusal);
            return DeliveryResult.Permanent($"channel '{Name}' refused the message: {refusal}");
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

            var mime = MimeMessageWriter.Write(settings.From, settings.FromName, message.Recipients, message.Subject, message.Body,
                time.GetUtcNow(), messageId);
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

    /// <summary>Every reason the message cannot be put on the wire, joined; null when it can, with its Message-ID.</summary>
    private string? Refusal(RenderedMessage message, out string messageId)
    {
        var problems = new List<string>();
        // Issue 18 item 3: an outbox message has one Message-ID on every attempt and every node (MessageIds); a message
        // from elsewhere a new one per attempt, as before.
        var domain = settings.From[(settings.From.LastIndexOf('@') + 1)..];
        messageId = $"{Guid.NewGuid():N}@{domain}";
        if (message.Key is { } key)
        {
            if (MessageIds.Create(key, settings.From, out var idProblem) is { } stable)
            {
                messageId = stable;
            }
            else
            {
                problems.Add(idProblem!);
            }
        }

        for (var i = 0; i < message.Recipients.Count; i++)
        {
            if (SmtpInputs.AddressProblem(message.Recipients[i]) is { } problem)
            {
                problems.Add($"recipient {i + 1} '{SmtpInputs.Printable(message.Recipients[i])}' {problem}");
            }
        }

        if (SmtpInputs.HeaderProblem(message.Subject) is { } subject)
        {
            problems.Add($"the subject '{SmtpInputs.Printable(message.Subject)}' {subject}");
        }

        if (SmtpInputs.AddressProblem(settings.From) is { } from)
        {
            problems.Add($"the sender address (From) '{SmtpInputs.Printable(settings.From)}' {from}");
        }

        if (settings.FromName is { } name && SmtpInputs.HeaderProblem(name) is { } display)
        {
            problems.Add($"the sender's display name (FromName) '{SmtpInputs.Printable(name)}' {display}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems) + ".";
    }

    [LoggerMessage(2210, LogLevel.Warning, "Notification channel {Channel} refused a message before sending it: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, string reason);

    [LoggerMessage(2200, LogLevel.Warning, "Notification channel {Channel} accepts any certificate from {Host} (AllowUntrustedCertificate is on)")]
    private static partial void LogUntrustedAllowed(ILogger logger, string channel, string host);
}
