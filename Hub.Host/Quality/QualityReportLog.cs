namespace IntegrationHub.Hub.Host.Quality;

/// <summary>The scheduled data-quality report's log messages; event ids 1841-1842 are stable for alerting.</summary>
internal static partial class QualityReportLog
{
    [LoggerMessage(1841, LogLevel.Information, "Data-quality report for the occurrence at {Occurrence:O} of {Schedule}: {Outcome}; next at {Next:O}")]
    public static partial void Done(ILogger logger, DateTimeOffset occurrence, string schedule, string outcome, DateTimeOffset next);

    [LoggerMessage(1842, LogLevel.Warning, "Data-quality report for the occurrence at {Occurrence:O} failed ({Reason}); trying again in a minute")]
    public static partial void Failed(ILogger logger, Exception exception, DateTimeOffset occurrence, string reason);
}
