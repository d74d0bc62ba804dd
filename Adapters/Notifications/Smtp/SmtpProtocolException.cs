namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>The server answered a command with a failure or something that is not SMTP.</summary>
internal sealed class SmtpProtocolException(string message, bool isTransient) : Exception(message)
{
    /// <summary>Whether a later attempt may pass (4xx replies, a broken connection).</summary>
    public bool IsTransient { get; } = isTransient;
}
