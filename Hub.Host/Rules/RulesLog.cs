namespace IntegrationHub.Hub.Host.Rules;

/// <summary>The rules stage's, the outbox's and the desk's log events (ids 2100-2199), so operators can alert on an id.</summary>
internal static partial class RulesLog
{
    [LoggerMessage(2100, LogLevel.Information, "Rules stage started with {Count} alarm rules from {Folder}")]
    public static partial void Started(ILogger logger, int count, string folder);

    [LoggerMessage(2101, LogLevel.Information, "No alarm rules in {Folder}: the rules stage is idle")]
    public static partial void NoRules(ILogger logger, string folder);

    [LoggerMessage(2102, LogLevel.Warning, "Ticket {TicketNo} opened: {Priority} for alarm {Code} on {Asset}, assigned to {Assignee}")]
    public static partial void TicketOpened(ILogger logger, string ticketNo, string priority, string code, string asset, string assignee);

    [LoggerMessage(2103, LogLevel.Information, "Alarm {Code} on {Asset} repeats: occurrence {Occurrences} on ticket {TicketNo}")]
    public static partial void Occurrence(ILogger logger, string code, string asset, int occurrences, string ticketNo);

    [LoggerMessage(2104, LogLevel.Warning, "Ticket {TicketNo} escalated to {Level}: {Reason}")]
    public static partial void Escalated(ILogger logger, string ticketNo, string level, string reason);

    [LoggerMessage(2105, LogLevel.Error, "The rules stage failed; its batch is rolled back and retried in {Delay}")]
    public static partial void StageFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(2106, LogLevel.Warning, "Alarm {Code} on {Asset}: the asset has no installed-equipment record, so the ticket has no customer")]
    public static partial void UnknownAsset(ILogger logger, string code, string asset);

    [LoggerMessage(2110, LogLevel.Information, "Notification {Id} ({EventKey}) sent through {Channel}")]
    public static partial void Sent(ILogger logger, string id, string eventKey, string channel);

    [LoggerMessage(2111, LogLevel.Warning, "Notification {Id} ({EventKey}) through {Channel} failed, attempt {Attempt}; next at {NextAt}: {Error}")]
    public static partial void SendFailed(ILogger logger, string id, string eventKey, string channel, int attempt, DateTimeOffset nextAt, string error);

    [LoggerMessage(2112, LogLevel.Error, "Notification {Id} ({EventKey}) through {Channel} dead-lettered after {Attempts} attempts: {Error}")]
    public static partial void DeadLettered(ILogger logger, string id, string eventKey, string channel, int attempts, string error);

    [LoggerMessage(2113, LogLevel.Information, "Notification {Id} ({EventKey}) suppressed: {Reason}")]
    public static partial void Suppressed(ILogger logger, string id, string eventKey, string reason);

    [LoggerMessage(2114, LogLevel.Error, "The outbox dispatcher failed; retrying in {Delay}")]
    public static partial void DispatcherFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(2120, LogLevel.Information, "Desk user {User} signed in")]
    public static partial void SignedIn(ILogger logger, string user);

    [LoggerMessage(2121, LogLevel.Warning, "Desk sign-in refused for {User}")]
    public static partial void SignInRefused(ILogger logger, string user);

    [LoggerMessage(2122, LogLevel.Information, "Ticket {TicketNo}: {Action} by {User}")]
    public static partial void DeskAction(ILogger logger, string ticketNo, string action, string user);
}
