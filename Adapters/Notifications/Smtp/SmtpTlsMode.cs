namespace IntegrationHub.Adapters.Notifications.Smtp;

public enum SmtpTlsMode
{
    /// <summary>Upgrade with STARTTLS; a server that does not offer it is an error.</summary>
    StartTls,

    /// <summary>Upgrade with STARTTLS when the server offers it, else send in the clear.</summary>
    StartTlsWhenOffered,

    /// <summary>Plain SMTP: only for a relay on the same host or loopback.</summary>
    None,
}
