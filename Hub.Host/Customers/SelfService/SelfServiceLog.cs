namespace IntegrationHub.Hub.Host.Customers.SelfService;

/// <summary>The customers' self-service log messages (issue 23 item 3); event ids 2370-2379 are stable for alerting. Values are never logged.</summary>
internal static partial class SelfServiceLog
{
    [LoggerMessage(2370, LogLevel.Information, "Customer {Customer} proposed change {ChangeId}: {Action} {Subject} {TargetId}")]
    public static partial void Proposed(ILogger logger, string customer, string changeId, string action, string subject, string? targetId);

    [LoggerMessage(2371, LogLevel.Warning, "A profile change of customer {Customer} was refused: {Reason}")]
    public static partial void Refused(ILogger logger, string customer, string reason);

    [LoggerMessage(2372, LogLevel.Information, "Change {ChangeId} of customer {Customer} approved by {User}; the customer master is updated{Sent}")]
    public static partial void Approved(ILogger logger, string changeId, string customer, string user, string sent);

    [LoggerMessage(2373, LogLevel.Information, "Change {ChangeId} of customer {Customer} rejected by {User}")]
    public static partial void Rejected(ILogger logger, string changeId, string customer, string user);

    [LoggerMessage(2374, LogLevel.Warning, "Change {ChangeId} of customer {Customer} not approved by {User}: the customer master changed since it was proposed")]
    public static partial void Stale(ILogger logger, string changeId, string customer, string user);

    [LoggerMessage(2375, LogLevel.Information, "Change {ChangeId} was decided already ({Status} by {DecidedBy}); {User}'s second decision changed nothing")]
    public static partial void AlreadyDecided(ILogger logger, string changeId, string status, string decidedBy, string user);

    [LoggerMessage(2376, LogLevel.Warning, "Customer {Customer} has {Limit} changes waiting for the desk (Hub:Customers:SelfService:MaxPendingChanges); a further one was refused")]
    public static partial void TooManyPending(ILogger logger, string customer, int limit);
}
