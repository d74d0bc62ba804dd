using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Rest;

/// <summary>The REST polling adapter's log messages; event ids 1400-1499 and 1838-1840 are stable for alerting.</summary>
internal static partial class RestPollLog
{
    [LoggerMessage(1400, LogLevel.Information, "REST source {Source} polling {Address}")]
    public static partial void Started(ILogger logger, string source, string address);

    [LoggerMessage(1401, LogLevel.Debug, "REST source {Source}: {Items} items stored from {Address}")]
    public static partial void PageStored(ILogger logger, string source, int items, string address);

    [LoggerMessage(1402, LogLevel.Warning, "REST source {Source}: {Address} failed ({Reason}); asking again in {Delay}")]
    public static partial void RequestFailed(ILogger logger, string source, string address, string reason, TimeSpan delay);

    [LoggerMessage(1403, LogLevel.Information, "REST source {Source} recovered after {Failures} failed requests")]
    public static partial void Recovered(ILogger logger, string source, int failures);

    [LoggerMessage(1405, LogLevel.Warning, "REST source {Source}: poll failed ({Reason}); polling again in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string source, string reason, TimeSpan delay);

    [LoggerMessage(1404, LogLevel.Information, "REST source {Source}: poll done, {Pages} pages ({Unchanged} unchanged), {Items} items stored")]
    public static partial void PollDone(ILogger logger, string source, int pages, int unchanged, int items);

    // Issue 21 item 4: scheduled polls.
    [LoggerMessage(1838, LogLevel.Information, "REST source {Source} (schedule {Schedule}): polling now, {Reason}")]
    public static partial void CatchingUp(ILogger logger, string source, string schedule, string reason);

    [LoggerMessage(1839, LogLevel.Debug, "REST source {Source}: next poll at {At:O} (schedule {Schedule})")]
    public static partial void NextOccurrence(ILogger logger, string source, DateTimeOffset at, string schedule);

    [LoggerMessage(1840, LogLevel.Warning, "REST source {Source}: the scheduled poll ran but could not be recorded ({Reason}); after a restart it may run once more")]
    public static partial void RunNotRecorded(ILogger logger, Exception exception, string source, string reason);
}
