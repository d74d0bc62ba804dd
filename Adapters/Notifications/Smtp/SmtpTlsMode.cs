namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>How the connection to the relay is encrypted.</summary>
public enum SmtpTlsMode
{
    /// <summary>Upgrade with STARTTLS (RFC 3207), usually on port 587; a server that does not offer it is an error.</summary>
    StartTls,

    /// <summary>Upgrade with STARTTLS when the server offers it, else send in the clear.</summary>
    StartTlsWhenOffered,

    /// <summary>Plain SMTP: only for a relay on the same host or loopback.</summary>
    None,

    /// <summary>
    /// TLS from the first byte (implicit TLS, RFC 8314 section 3.3), usually on port 465: what Tencent Exmail, Alibaba
    /// Mail, QQ Mail and 163 Mail expect.
    /// </summary>
    Implicit,
}
