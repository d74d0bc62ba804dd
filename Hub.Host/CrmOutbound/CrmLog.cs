namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>The CRM outbound feature's log messages (issue 23 item 1); event ids 1880-1889 are stable for alerting.</summary>
internal static partial class CrmLog
{
    [LoggerMessage(1880, LogLevel.Information, "CRM API key {KeyId} issued for consumer {Consumer}, kinds {Kinds}")]
    public static partial void KeyIssued(ILogger logger, string keyId, string consumer, string kinds);

    [LoggerMessage(1881, LogLevel.Information, "CRM API key {KeyId} revoked; the change feed refuses it from its next request")]
    public static partial void KeyRevoked(ILogger logger, string keyId);

    [LoggerMessage(1882, LogLevel.Warning, "CRM change feed refused a request from {Remote}: missing, unknown or revoked API key")]
    public static partial void Unauthorized(ILogger logger, string remote);

    [LoggerMessage(1883, LogLevel.Warning, "CRM change feed refused a request from {Remote} that carried an API key in its URL (parameter {Parameter}); the key should be treated as leaked and revoked")]
    public static partial void KeyInUrl(ILogger logger, string remote, string parameter);

    [LoggerMessage(1884, LogLevel.Error, "CRM webhooks could not be queued from the change feed ({Error}); tried again in a second")]
    public static partial void PumpFailed(ILogger logger, Exception exception, string error);
}
