using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>The multi-host PostgreSQL store's log messages (issue 18 item 5); event ids 1670-1679 are stable for alerting.</summary>
internal static partial class PostgreSqlHaLog
{
    [LoggerMessage(1670, LogLevel.Information, "PostgreSQL store on {Count} hosts ({Hosts}); each connection goes to the one that is {Target} now")]
    public static partial void MultiHost(ILogger logger, int count, string hosts, string target);

    [LoggerMessage(1671, LogLevel.Warning, "The PostgreSQL store now writes to {Server} (was {Previous}): a switch-over or fail-over moved the primary")]
    public static partial void PrimaryMoved(ILogger logger, string server, string previous);
}
