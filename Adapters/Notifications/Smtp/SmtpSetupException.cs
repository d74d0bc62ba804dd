namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// The connection could not be made ready to send: the relay lacks what the settings require (STARTTLS, a login
/// mechanism), its certificate is not trusted, or it refused the login. Says what and how to fix it.
/// </summary>
internal sealed class SmtpSetupException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Whether a later attempt may pass (a 4xx reply to AUTH, an access token file being rewritten).</summary>
    public bool IsTransient { get; } = isTransient;
}
