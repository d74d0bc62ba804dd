namespace IntegrationHub.Hub.Host.Field;

/// <summary>The phone page's messages; event ids 2310-2319 are stable for alerting (issue 24 item 2).</summary>
internal static partial class FieldLog
{
    [LoggerMessage(2310, LogLevel.Information, "Engineer {Engineer}: {Action} on ticket {Ticket}")]
    public static partial void Acted(ILogger logger, string engineer, string action, string ticket);

    [LoggerMessage(2311, LogLevel.Information, "Engineer {Engineer} sent service report {Report} for ticket {Ticket}")]
    public static partial void ReportStored(ILogger logger, string engineer, string report, string ticket);

    [LoggerMessage(2312, LogLevel.Information, "Engineer {Engineer} sent service report {Report} again; it was stored before, nothing changed")]
    public static partial void ReportResent(ILogger logger, string engineer, string report);

    [LoggerMessage(2313, LogLevel.Information, "Engineer {Engineer} was refused {Action} on ticket {Ticket}: {Reason}")]
    public static partial void Refused(ILogger logger, string engineer, string action, string ticket, string reason);

    [LoggerMessage(2314, LogLevel.Warning, "Desk user {User} has the role engineer but is no engineer of Hub:Rules:Roster; the phone page refuses it")]
    public static partial void NotOnRoster(ILogger logger, string user);

    [LoggerMessage(2315, LogLevel.Information, "Engineer {Engineer} asked for ticket {Ticket}, which is neither theirs nor in their queues; answered as unknown")]
    public static partial void NotTheirs(ILogger logger, string engineer, string ticket);

    [LoggerMessage(2316, LogLevel.Information, "Engineer {Engineer} asked for photo {Photo} of ticket {Ticket}; it is not attached to a ticket the engineer may see; answered as unknown")]
    public static partial void PhotoNotServed(ILogger logger, string engineer, string ticket, string photo);

    [LoggerMessage(2317, LogLevel.Information, "Engineer {Engineer} attached {Count} photo(s) to service report {Report}")]
    public static partial void ReportPhotosStored(ILogger logger, string engineer, int count, string report);
}
