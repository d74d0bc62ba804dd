namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>An SMTP relay (the site's mail server) and how to talk to it.</summary>
public sealed record SmtpSettings
{
    public required string Host { get; init; }

    /// <value>The default value is 587 (submission with STARTTLS).</value>
    public int Port { get; init; } = 587;

    /// <value>The default value is <see cref="SmtpTlsMode.StartTls"/>: refuse to send over a connection that stays plain.</value>
    public SmtpTlsMode Tls { get; init; } = SmtpTlsMode.StartTls;

    /// <summary>A PEM file with the CA that signed the server's certificate, when it is not in the system's store.</summary>
    public string? CaFile { get; init; }

    /// <summary>Accept any server certificate. Only for a first set-up; every connection logs that it is on.</summary>
    public bool AllowUntrustedCertificate { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>An OAuth2 bearer token: logs in with XOAUTH2 as <see cref="UserName"/> instead of a password.</summary>
    public string? AccessToken { get; init; }

    /// <summary>
    /// A file holding the OAuth2 bearer token, read again for every new connection, so a token refreshed by the site's
    /// own job is used without a restart. Wins over <see cref="AccessToken"/>.
    /// </summary>
    public string? AccessTokenFile { get; init; }

    /// <summary>The sender address, <c>From:</c> and <c>MAIL FROM</c>.</summary>
    public required string From { get; init; }

    /// <summary>The display name shown with <see cref="From"/>.</summary>
    public string? FromName { get; init; }

    /// <summary>The name this client gives in EHLO.</summary>
    /// <value>The default value is the machine's name.</value>
    public string? ClientName { get; init; }

    /// <value>The default value is 30 seconds per command (each read or write on the connection).</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
