using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.Rest;

/// <summary>The REST polling adapter's log messages; event ids 1400-1499 are stable for alerting.</summary>
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
}
