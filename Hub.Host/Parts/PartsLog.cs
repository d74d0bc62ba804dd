namespace IntegrationHub.Hub.Host.Parts;

/// <summary>The spare-parts feature's log messages (issue 24 item 3); event ids 2320-2329 are stable for alerting.</summary>
internal static partial class PartsLog
{
    [LoggerMessage(2320, LogLevel.Information, "Part request {RequestNo} on ticket {TicketNo} by {User}: {Lines} lines, {Short} short, {Unknown} unknown")]
    public static partial void Recorded(ILogger logger, string requestNo, string ticketNo, string user, int lines, int @short, int unknown);

    [LoggerMessage(2321, LogLevel.Information, "Part request {RequestId} on ticket {TicketNo} by {User} came again; answered with {RequestNo}, nothing new recorded or sent")]
    public static partial void Repeated(ILogger logger, string requestId, string ticketNo, string user, string requestNo);

    [LoggerMessage(2322, LogLevel.Warning, "Part request refused for ticket {TicketNo} by {User}: {Reason}")]
    public static partial void Refused(ILogger logger, string ticketNo, string user, string reason);

    [LoggerMessage(2323, LogLevel.Warning, "Part request {RequestNo} recorded but not sent to the ERP: no export folder or REST endpoint is configured (Hub:Parts:Export:Folder, Hub:Parts:Export:Rest:Url)")]
    public static partial void NotSent(ILogger logger, string requestNo);

    [LoggerMessage(2324, LogLevel.Information, "Export {FileName} written to {Folder}")]
    public static partial void Written(ILogger logger, string fileName, string folder);

    [LoggerMessage(2325, LogLevel.Information, "Export {FileName} is in {Folder} already (an earlier attempt of the same message wrote it); not written again")]
    public static partial void AlreadyWritten(ILogger logger, string fileName, string folder);

    [LoggerMessage(2326, LogLevel.Information, "Part request {RequestNo} posted to the ERP at {Url}: HTTP {Status}")]
    public static partial void Posted(ILogger logger, string requestNo, string url, int status);

    [LoggerMessage(2327, LogLevel.Warning, "Part request {RequestNo} refused by the ERP at {Url}: HTTP {Status}: {Reason}; dead-lettered")]
    public static partial void Refused(ILogger logger, string requestNo, string url, int status, string reason);

    [LoggerMessage(2328, LogLevel.Warning, "Part request {RequestNo}: the ERP at {Url} answered HTTP {Status}, a redirect to {Location}; not followed, dead-lettered")]
    public static partial void RedirectRefused(ILogger logger, string requestNo, string url, int status, string location);

    [LoggerMessage(2329, LogLevel.Information, "Part request {RequestNo} not taken by the ERP at {Url} this time ({Reason}); the outbox tries again")]
    public static partial void NotTaken(ILogger logger, string requestNo, string url, string reason);
}
