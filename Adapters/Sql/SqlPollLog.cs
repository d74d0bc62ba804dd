using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Sql;

/// <summary>The database polling adapter's log messages; event ids 1300-1399, 1620-1629 and 1835-1837 are stable for alerting.</summary>
internal static partial class SqlPollLog
{
    [LoggerMessage(1300, LogLevel.Information, "SQL source {Source} ({Provider}) polling from watermark {Watermark}")]
    public static partial void Started(ILogger logger, string source, string provider, string watermark);

    [LoggerMessage(1301, LogLevel.Debug, "SQL source {Source}: {Rows} rows stored, watermark {Watermark}")]
    public static partial void BatchStored(ILogger logger, string source, int rows, string watermark);

    [LoggerMessage(1302, LogLevel.Warning, "SQL source {Source} failed ({Reason}); retrying in {Delay}, from watermark {Watermark}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string source, string reason, TimeSpan delay, string watermark);

    [LoggerMessage(1303, LogLevel.Information, "SQL source {Source} recovered after {Failures} failed attempts")]
    public static partial void Recovered(ILogger logger, string source, int failures);

    [LoggerMessage(1304, LogLevel.Information, "SQL source {Source}: {Gone} rows deleted at the source; {Removed} entities removed from the store")]
    public static partial void RowsDeleted(ILogger logger, string source, int gone, int removed);

    [LoggerMessage(1305, LogLevel.Warning, "SQL source {Source}: deleted-row check refused, {Gone} of {Stored} stored rows missing from the {Existing} keys the KeysQuery returned (more than MaxDeletedShare); nothing removed")]
    public static partial void DeletionRefused(ILogger logger, string source, int gone, int stored, int existing);

    [LoggerMessage(1306, LogLevel.Warning, "SQL source {Source}: deleted-row check failed ({Reason}); trying again in a minute")]
    public static partial void KeyCheckFailed(ILogger logger, Exception exception, string source, string reason);

    // Issue 17 "Benchmarks": reading runs ahead of storing; a failed batch takes the ones read after it with it.
    [LoggerMessage(1620, LogLevel.Warning, "SQL source {Source}: storing failed after {Stored} batches of this poll; {Discarded} batches read ahead were not stored and are read again from watermark {Watermark}")]
    public static partial void ReadAheadDiscarded(ILogger logger, string source, int stored, int discarded, string watermark);

    // Issue 21 item 4: scheduled polls.
    [LoggerMessage(1835, LogLevel.Information, "SQL source {Source} (schedule {Schedule}): polling now, {Reason}")]
    public static partial void CatchingUp(ILogger logger, string source, string schedule, string reason);

    [LoggerMessage(1836, LogLevel.Debug, "SQL source {Source}: next poll at {At:O} (schedule {Schedule})")]
    public static partial void NextOccurrence(ILogger logger, string source, DateTimeOffset at, string schedule);

    [LoggerMessage(1837, LogLevel.Warning, "SQL source {Source}: the scheduled poll ran but could not be recorded ({Reason}); after a restart it may run once more")]
    public static partial void RunNotRecorded(ILogger logger, Exception exception, string source, string reason);
}
