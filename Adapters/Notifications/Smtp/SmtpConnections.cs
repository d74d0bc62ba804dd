using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// The channel's connections to its relay, ready to send: connected, encrypted and logged in. A connection that sent a
/// message is kept for the next one, so a batch from the outbox pays the TCP, TLS and AUTH round trips once instead
/// of once per message (issue 21 item 2); one left idle for <see cref="IdleLimit"/> is closed with QUIT, since the
/// relay would drop it anyway (RFC 5321 4.5.3.2.7 lets a server wait only five minutes) and it holds a login.
/// </summary>
internal sealed partial class SmtpConnections : IAsyncDisposable, IDisposable
{
    /// <summary>How long a connection may wait for the next message before it is closed.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    /// <summary>The most idle connections kept: the outbox sends at most four messages at once.</summary>
    private const int MaxIdle = 4;

    private readonly string _channel;
    private readonly SmtpSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<(SmtpClient Client, long IdleSince)> _idle = [];
    private readonly ITimer _sweep;
    private bool _disposed;

    public SmtpConnections(string channel, SmtpSettings settings, TimeProvider time, ILogger logger)
    {
        _channel = channel;
        _settings = settings;
        _time = time;
        _logger = logger;
        _sweep = time.CreateTimer(_ => Sweep(), null, IdleLimit, IdleLimit);
    }

    /// <summary>A connection ready to send, and whether it was kept from an earlier message (then it may have died idle).</summary>
    public async Task<(SmtpClient Client, bool Reused)> RentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            SmtpClient? kept = null;
            var fresh = false;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.Count > 0)
                {
                    var last = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                    kept = last.Client;
                    fresh = _time.GetElapsedTime(last.IdleSince) < IdleLimit;
                }
            }

            if (kept is null)
            {
                return (await OpenAsync(cancellationToken).ConfigureAwait(false), false);
            }

            if (fresh && kept.IsConnected)
            {
                return (kept, true);
            }

            await CloseAsync(kept).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a connection that just sent a message for the next one.</summary>
    public void Return(SmtpClient client)
    {
        lock (_gate)
        {
            if (!_disposed && client.IsConnected && _idle.Count < MaxIdle)
            {
                _idle.Add((client, _time.GetTimestamp()));
                return;
            }
        }

        _ = CloseAsync(client);
    }

    /// <summary>
    /// Drops a connection whose state is unknown after a failure: it is never handed out again. No QUIT: the peer may
    /// be gone, and waiting out the timeout for its answer would hold up the next message.
    /// </summary>
    public static void Discard(SmtpClient client) => client.Dispose();

    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync().ConfigureAwait(false);
        foreach (var client in TakeAll())
        {
            await CloseAsync(client).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var client in TakeAll())
        {
            // No QUIT here: a synchronous dispose must not wait on the network.
            client.Dispose();
        }
    }

    private async Task<SmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var certificates = new SmtpCertificateCheck(_settings);
        var client = new SmtpClient
        {
            Timeout = (int)Math.Clamp(_settings.Timeout.TotalMilliseconds, 1, int.MaxValue),
            LocalDomain = _settings.ClientName,
            // SslStream's own default: a site's relay certificate seldom names a revocation list reachable from the plant.
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = certificates.Validate,
        };
        try
        {
            if (_settings.AllowUntrustedCertificate && _settings.Tls != SmtpTlsMode.None)
            {
                LogUntrustedAllowed(_logger, _channel, _settings.Host);
            }

            try
            {
                await client.ConnectAsync(_settings.Host, _settings.Port, SocketOptions(_settings.Tls), cancellationToken).ConfigureAwait(false);
            }
            catch (SslHandshakeException e) when (certificates.Problem is { } problem)
            {
                throw new SmtpSetupException($"TLS failed: {problem} Trust its CA (CaFile), or set AllowUntrustedCertificate for a first set-up.", isTransient: false, e);
            }
            catch (NotSupportedException e) when (_settings.Tls == SmtpTlsMode.StartTls)
            {
                // MailKit's answer to SecureSocketOptions.StartTls when the EHLO reply lists no STARTTLS.
                throw new SmtpSetupException(
                    "the server does not offer STARTTLS, and Tls is StartTls; enable TLS on the server, use Tls Implicit for port 465, or set Tls to StartTlsWhenOffered or None for a local relay.",
                    isTransient: false, e);
            }

            var login = SmtpLogin.Choose(_settings, client);
            if (login is not null)
            {
                await SmtpLogin.AuthenticateAsync(client, login, _settings, cancellationToken).ConfigureAwait(false);
            }

            LogConnected(_logger, _channel, _settings.Host, _settings.Port, client.IsEncrypted, login?.MechanismName ?? "none");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpTlsMode mode) => mode switch
    {
        SmtpTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
        SmtpTlsMode.StartTls => SecureSocketOptions.StartTls,
        SmtpTlsMode.StartTlsWhenOffered => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.None,
    };

    private void Sweep()
    {
        List<SmtpClient> expired;
        lock (_gate)
        {
            expired = [.. _idle.Where(i => _time.GetElapsedTime(i.IdleSince) >= IdleLimit).Select(i => i.Client)];
            _idle.RemoveAll(i => expired.Contains(i.Client));
        }

        if (expired.Count > 0)
        {
            LogIdleClosed(_logger, _channel, expired.Count, IdleLimit);
        }

        foreach (var client in expired)
        {
            _ = CloseAsync(client);
        }
    }

    private List<SmtpClient> TakeAll()
    {
        lock (_gate)
        {
            _disposed = true;
            var all = _idle.Select(i => i.Client).ToList();
            _idle.Clear();
            return all;
        }
    }

    /// <summary>QUIT when the connection still answers, within the command timeout; never throws.</summary>
    private async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(_settings.Timeout, _time);
                await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (SmtpFailures.IsBrokenConnection(e) || e is OperationCanceledException or InvalidOperationException or MailKit.Net.Smtp.SmtpCommandException)
        {
            // Closing anyway: a relay that drops the line at QUIT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    [LoggerMessage(2200, LogLevel.Warning, "Notification channel {Channel} accepts any certificate from {Host} (AllowUntrustedCertificate is on)")]
    private static partial void LogUntrustedAllowed(ILogger logger, string channel, string host);

    [LoggerMessage(4330, LogLevel.Debug, "Notification channel {Channel} connected to {Host}:{Port} (encrypted: {Encrypted}, login: {Mechanism})")]
    private static partial void LogConnected(ILogger logger, string channel, string host, int port, bool encrypted, string mechanism);

    [LoggerMessage(4332, LogLevel.Debug, "Notification channel {Channel} closed {Count} connection(s) idle for {IdleLimit}")]
    private static partial void LogIdleClosed(ILogger logger, string channel, int count, TimeSpan idleLimit);
}
