namespace IntegrationHub.Hub.Host.Web;

/// <summary>Live pages' messages (issue 18 item 4); event ids 1705-1709 are stable for alerting (1700-1704: the change feed).</summary>
internal static partial class LiveLog
{
    [LoggerMessage(1705, LogLevel.Information, "Live desk queue of {User} closed: {Reason}")]
    public static partial void DeskQueueClosed(ILogger logger, string user, string reason);
}
