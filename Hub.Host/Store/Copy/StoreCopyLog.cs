using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Store.Copy;

/// <summary><c>hub store copy</c>'s log messages; event ids 1560-1569 are stable for alerting.</summary>
internal static partial class StoreCopyLog
{
    [LoggerMessage(1560, LogLevel.Information, "Store copy started: {Source} to {Target}")]
    public static partial void Started(ILogger logger, string source, string target);

    [LoggerMessage(1561, LogLevel.Information, "Store copy: table {Table} copied, {Rows} rows in {Elapsed}")]
    public static partial void TableCopied(ILogger logger, string table, long rows, TimeSpan elapsed);

    [LoggerMessage(1562, LogLevel.Information, "Store copy committed: {Tables} tables, {Rows} rows, counts verified, in {Elapsed}")]
    public static partial void Committed(ILogger logger, int tables, long rows, TimeSpan elapsed);

    [LoggerMessage(1563, LogLevel.Warning, "Store copy refused, nothing written: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(1564, LogLevel.Error, "Store copy failed and was rolled back: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);
}
