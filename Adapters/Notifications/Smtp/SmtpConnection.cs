using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// One SMTP conversation (RFC 5321) with STARTTLS (RFC 3207) and AUTH PLAIN or LOGIN (RFC 4954). Lines are ASCII
/// commands; the message itself goes through <see cref="SendDataAsync"/> already MIME-encoded, so it is 7-bit.
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private const int MaxReplyLines = 100;
    private const int MaxLineLength = 4096;

    private readonly SmtpSettings _settings;
    private readonly TcpClient _tcp;
    private Stream _stream;
    private StreamReader _reader;
    private HashSet<string> _extensions = new(StringComparer.OrdinalIgnoreCase);

    private SmtpConnection(SmtpSettings settings, TcpClient tcp)
    {
        _settings = settings;
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = NewReader(_stream);
    }

    /// <summary>Whether the conversation runs over TLS now.</summary>
    public bool IsEncrypted => _stream is SslStream;

    public static async Task<SmtpConnection> OpenAsync(SmtpSettings settings, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(settings.Host, settings.Port, cancellationToken).ConfigureAwait(false);
            var connection = new SmtpConnection(settings, tcp);
            await connection.ExpectAsync(220, "greeting", cancellationToken).ConfigureAwait(false);
            await connection.HelloAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Upgrades to TLS if the settings ask for it and the server offers it.</summary>
    public async Task SecureAsync(CancellationToken cancellationToken)
    {
        if (_settings.Tls == SmtpTlsMode.None)
        {
            return;
        }

        if (!_extensions.Contains("STARTTLS"))
        {
            if (_settings.Tls == SmtpTlsMode.StartTls)
            {
                throw new SmtpProtocolException(
                    $"{_settings.Host}:{_settings.Port} does not offer STARTTLS, and Tls is StartTls; enable TLS on the server, or set Tls to StartTlsWhenOffered or None for a local relay.",
                    isTransient: false);
            }

            return;
        }

        await CommandAsync("STARTTLS", 220, "STARTTLS", cancellationToken).ConfigureAwait(false);
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, ValidateServerCertificate);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _settings.Host }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new SmtpProtocolException(
                $"TLS with {_settings.Host}:{_settings.Port} failed: {e.Message} {_certificateProblem} Trust its CA (CaFile), or set AllowUntrustedCertificate for a first set-up.".Trim(),
                isTransient: false);
        }

        _stream = ssl;
        _reader = NewReader(ssl);
        await HelloAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AuthenticateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var mechanisms = _extensions.Where(e => e.StartsWith("AUTH ", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => e[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (mechanisms.Contains("PLAIN"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{userName}\0{password}"));
            await CommandAsync("AUTH PLAIN " + token, 235, "AUTH PLAIN", cancellationToken, redacted: "AUTH PLAIN ***").ConfigureAwait(false);
        }
        else if (mechanisms.Contains("LOGIN"))
        {
            await CommandAsync("AUTH LOGIN", 334, "AUTH LOGIN", cancellationToken).ConfigureAwait(false);
            await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(userName)), 334, "AUTH LOGIN user name", cancellationToken, redacted: "***").ConfigureAwait(false);
            await CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), 235, "AUTH LOGIN password", cancellationToken, redacted: "***").ConfigureAwait(false);
        }
        else
        {
            throw new SmtpProtocolException(
                $"{_settings.Host}:{_settings.Port} offers no AUTH PLAIN or LOGIN{(IsEncrypted ? string.Empty : " over a plain connection (many servers offer AUTH only after STARTTLS)")}; mechanisms offered: {(mechanisms.Count == 0 ? "none" : string.Join(", ", mechanisms))}.",
                isTransient: false);
        }
    }

    public async Task SendDataAsync(string from, IReadOnlyList<string> recipients, string mime, CancellationToken cancellationToken)
    {
        await CommandAsync($"MAIL FROM:<{from}>", 250, "MAIL FROM", cancellationToken).ConfigureAwait(false);
        foreach (var recipient in recipients)
        {
            var reply = await SendLineAsync($"RCPT TO:<{recipient}>", cancellationToken).ConfigureAwait(false);
            if (reply.Code is not (250 or 251))
            {
                throw new SmtpProtocolException($"the server refused recipient {SmtpInputs.Printable(recipient)}: {reply}", reply.IsTransientFailure);
            }
        }

        await CommandAsync("DATA", 354, "DATA", cancellationToken).ConfigureAwait(false);
        var data = Encoding.ASCII.GetBytes(DotStuff(mime) + ".\r\n");
        await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await ExpectAsync(250, "end of DATA", cancellationToken).ConfigureAwait(false);
    }

    public async Task QuitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendLineAsync("QUIT", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
        {
            // The message is already accepted; a server that drops the line at QUIT changes nothing.
        }
    }

    /// <summary>
    /// Doubles a dot at the start of a line (RFC 5321 4.5.2), so that no line of the message ends DATA early, and
    /// ends the text with CRLF.
    /// </summary>
    internal static string DotStuff(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        if (!normalized.EndsWith("\r\n", StringComparison.Ordinal))
        {
            normalized += "\r\n";
        }

        var stuffed = normalized.Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        return stuffed.StartsWith('.') ? "." + stuffed : stuffed;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _tcp.Dispose();
    }

    private string? _certificateProblem;

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None || _settings.AllowUntrustedCertificate)
        {
            return true;
        }

        if (certificate is not null && _settings.CaFile is { } caFile && errors == SslPolicyErrors.RemoteCertificateChainErrors)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.CustomTrustStore.ImportFromPemFile(caFile);
            using var server = new X509Certificate2(certificate);
            if (custom.Build(server))
            {
                return true;
            }
        }

        _certificateProblem = $"The server's certificate ({certificate?.Subject ?? "none"}) is not trusted: {errors}.";
        return false;
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        var name = _settings.ClientName ?? System.Net.Dns.GetHostName();
        var reply = await SendLineAsync("EHLO " + name, cancellationToken).ConfigureAwait(false);
        if (reply.Code != 250)
        {
            throw new SmtpProtocolException($"EHLO was refused: {reply}", reply.IsTransientFailure);
        }

        _extensions = reply.Lines.Skip(1).Select(l => l.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        _extensions.UnionWith(_extensions.Where(e => e.StartsWith("AUTH=", StringComparison.OrdinalIgnoreCase)).Select(e => "AUTH " + e[5..]).ToList());
    }

    private async Task CommandAsync(string line, int expected, string what, CancellationToken cancellationToken, string? redacted = null)
    {
        var reply = await SendLineAsync(line, cancellationToken).ConfigureAwait(false);
        if (reply.Code != expected)
        {
            throw new SmtpProtocolException($"{redacted ?? what} got {reply} (expected {expected})", reply.IsTransientFailure);
        }
    }

    private async Task ExpectAsync(int expected, string what, CancellationToken cancellationToken)
    {
        var reply = await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
        if (reply.Code != expected)
        {
            throw new SmtpProtocolException($"{what}: got {reply} (expected {expected})", reply.IsTransientFailure);
        }
    }

    private async Task<SmtpReply> SendLineAsync(string line, CancellationToken cancellationToken)
    {
        // The last guard of issue 16 item 2: a command is one line of printable ASCII (RFC 5321 2.3.8, 4.1.1), so a
        // value with CR/LF can never add a command of its own, whatever checks the callers made.
        if (line.Any(c => c is < ' ' or > '~'))
        {
            throw new SmtpProtocolException($"refused to send a command holding a control or non-ASCII character: '{SmtpInputs.Printable(line)}'.", isTransient: false);
        }

        await _stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SmtpReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        var lines = new List<string>();
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SmtpProtocolException($"{_settings.Host}:{_settings.Port} did not answer within {_settings.Timeout}.", isTransient: true);
            }

            if (line is null)
            {
                throw new SmtpProtocolException($"{_settings.Host}:{_settings.Port} closed the connection.", isTransient: true);
            }

            if (line.Length < 3 || line.Length > MaxLineLength || !int.TryParse(line.AsSpan(0, 3), out var code)
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpProtocolException($"{_settings.Host}:{_settings.Port} sent a line that is not an SMTP reply: '{(line.Length > 80 ? line[..80] : line)}'.", isTransient: true);
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count > MaxReplyLines)
            {
                throw new SmtpProtocolException($"{_settings.Host}:{_settings.Port} sent a reply of more than {MaxReplyLines} lines.", isTransient: true);
            }
        }
    }

    private static StreamReader NewReader(Stream stream) => new(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
}
