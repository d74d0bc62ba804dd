using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// E-mail through the site's SMTP relay, with MailKit. The connection that sent one message sends the next
/// (<see cref="SmtpConnections"/>): the outbox's batch goes over one connection per concurrent sender, not one per
/// message.
/// </summary>
public sealed partial class SmtpChannel : INotificationChannel, IAsyncDisposable, IDisposable
{
    private readonly SmtpSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<SmtpChannel> _logger;
    private readonly SmtpConnections _connections;

    public SmtpChannel(string name, SmtpSettings settings, TimeProvider time, ILogger<SmtpChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        _settings = settings;
        _time = time;
        _logger = logger;
        _connections = new SmtpConnections(name, settings, time, logger);
    }

    public string Name { get; }

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
        // hide the bad address from whoever must fix the source data. MimeKit would fold or encode such a value;
        // refusing it leaves nothing to the encoder's judgement.
        if (Refusal(message, out var messageId) is { } refusal)
        {
            LogRefused(_logger, Name, refusal);
            return DeliveryResult.Permanent($"channel '{Name}' refused the message: {refusal}");
        }

        using var mime = SmtpMessages.Create(_settings, message, messageId, _time.GetUtcNow());
        var sender = SmtpMessages.Mailbox(null, _settings.From);
        var recipients = message.Recipients.Select(r => SmtpMessages.Mailbox(null, r)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            SmtpClient client;
            bool reused;
            try
            {
                (client, reused) = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (SmtpFailures.IsDeliveryFailure(e, cancellationToken))
            {
                return SmtpFailures.Classify(e, Name, _settings);
            }

            var kept = false;
            try
            {
                await client.SendAsync(SmtpMessages.Format, mime, sender, recipients, cancellationToken).ConfigureAwait(false);
                _connections.Return(client);
                kept = true;
                return DeliveryResult.Success;
            }
            catch (Exception e) when (reused && attempt == 1 && SmtpFailures.IsStaleConnection(e) && !cancellationToken.IsCancellationRequested)
            {
                // A kept connection died while idle (the relay's own idle limit, a restart): once more on a new one. Even
                // if the relay had taken the message, the copy carries the same Message-ID.
                LogKeptConnectionBroken(_logger, Name, _settings.Host, _settings.Port, e.Message);
            }
            catch (Exception e) when (SmtpFailures.IsDeliveryFailure(e, cancellationToken))
            {
                return SmtpFailures.Classify(e, Name, _settings);
            }
            finally
            {
                // After any failure the conversation's state is unknown (a refused command leaves a transaction open):
                // the connection is closed, never handed to the next message.
                if (!kept)
                {
                    SmtpConnections.Discard(client);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => _connections.DisposeAsync();

    public void Dispose() => _connections.Dispose();

    /// <summary>Every reason the message cannot be put on the wire, joined; null when it can, with its Message-ID.</summary>
    private string? Refusal(RenderedMessage message, out string messageId)
    {
        var problems = new List<string>();
        // Issue 18 item 3: an outbox message has one Message-ID on every attempt and every node (MessageIds); a message
        // from elsewhere a new one per attempt, as before.
        var domain = _settings.From[(_settings.From.LastIndexOf('@') + 1)..];
        messageId = $"{Guid.NewGuid():N}@{domain}";
        if (message.Key is { } key)
        {
            if (MessageIds.Create(key, _settings.From, out var idProblem) is { } stable)
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

        if (SmtpInputs.AddressProblem(_settings.From) is { } from)
        {
            problems.Add($"the sender address (From) '{SmtpInputs.Printable(_settings.From)}' {from}");
        }

        if (_settings.FromName is { } name && SmtpInputs.DisplayNameProblem(name) is { } display)
        {
            problems.Add($"the sender's display name (FromName) '{SmtpInputs.Printable(name)}' {display}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems) + ".";
    }

    [LoggerMessage(2210, LogLevel.Warning, "Notification channel {Channel} refused a message before sending it: {Reason}")]
    private static partial void LogRefused(ILogger logger, string channel, string reason);

    [LoggerMessage(4331, LogLevel.Information, "Notification channel {Channel}: the kept connection to {Host}:{Port} broke ({Error}); sending once more on a new connection")]
    private static partial void LogKeptConnectionBroken(ILogger logger, string channel, string host, int port, string error);
}
