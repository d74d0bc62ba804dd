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

    [LoggerMessage(2323, LogLevel.Warning, "Part request {RequestNo} recorded but not sent to the ERP: no export folder is configured (Hub:Parts:Export:Folder)")]
    public static partial void NotSent(ILogger logger, string requestNo);

    [LoggerMessage(2324, LogLevel.Information, "Export {FileName} written to {Folder}")]
    public static partial void Written(ILogger logger, string fileName, string folder);

    [LoggerMessage(2325, LogLevel.Information, "Export {FileName} is in {Folder} already (an earlier attempt of the same message wrote it); not written again")]
    public static partial void AlreadyWritten(ILogger logger, string fileName, string folder);
}
