namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>The metrics endpoint's log events (issue 19 item 2; ids 1800-1819). No token is ever written.</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(1800, LogLevel.Information, "/metrics answers to scrapers that send the Hub:Metrics:Token as a bearer token")]
    public static partial void Enabled(ILogger logger);

    [LoggerMessage(1801, LogLevel.Warning, "/metrics refused a request from {Address}: {Reason}")]
    public static partial void Refused(ILogger logger, string address, string reason);

    [LoggerMessage(1802, LogLevel.Warning, "/metrics could not read the store's figures (outbox, size); they keep their last values and integrationhub_store_up is 0")]
    public static partial void StoreUnreadable(ILogger logger, Exception exception);
}
