namespace IntegrationHub.Hub.Host.Modules.Mes;

/// <summary>The MES service's log messages (issue 18 item 1, the hot standby); event ids 1750-1759 are stable for alerting.</summary>
internal static partial class MesServiceLog
{
    [LoggerMessage(1750, LogLevel.Information, "MES session open on {EndpointUrl}; node {Node} stands by and subscribes when it takes the lease mes")]
    public static partial void SessionOpen(ILogger logger, string endpointUrl, string node);

    [LoggerMessage(1751, LogLevel.Information, "MES subscription created by node {Node} on {EndpointUrl} {Elapsed} after it took the lease mes (session already open: {Standby})")]
    public static partial void Subscribed(ILogger logger, string node, string endpointUrl, TimeSpan elapsed, bool standby);

    [LoggerMessage(1752, LogLevel.Warning, "MES subscription on {EndpointUrl} could not be created: {Reason}; retrying in {Delay}")]
    public static partial void SubscribeFailed(ILogger logger, string endpointUrl, string reason, TimeSpan delay);
}
