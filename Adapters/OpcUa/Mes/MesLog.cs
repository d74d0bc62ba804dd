using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.OpcUa.Mes;

/// <summary>The MES adapter's log events (4200-4299; 4122-4123 for the alarms held from before a restart).</summary>
internal static partial class MesLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "MES adapter {Name} watching {ItemCount} nodes on {EndpointUrl} ({SecurityMode})")]
    public static partial void Started(ILogger logger, string name, int itemCount, Uri endpointUrl, string securityMode);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "MES adapter {Name}: {Problem}")]
    public static partial void NodeFailed(ILogger logger, string name, string problem);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "MES adapter {Name}: storing {Count} records failed; retrying in {Delay}")]
    public static partial void StoreFailed(ILogger logger, string name, int count, TimeSpan delay, Exception error);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "MES adapter {Name}: subscription {SubscriptionId} deleted; standing by with the session open on {EndpointUrl}")]
    public static partial void StandingBy(ILogger logger, string name, Uri endpointUrl, uint subscriptionId);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "MES adapter {Name}: subscription {SubscriptionId} could not be deleted ({Reason}); the session is closed with it and opened again")]
    public static partial void UnsubscribeFailed(ILogger logger, string name, uint subscriptionId, string reason);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "MES adapter {Name}: values may be missing ({Reason}); reading the history of {NodeCount} nodes from their last values on")]
    public static partial void BackfillStarted(ILogger logger, string name, string reason, int nodeCount);

    [LoggerMessage(EventId = 4214, Level = LogLevel.Information, Message = "MES adapter {Name}: gap backfilled: {Recovered} values recovered from history on {Nodes} nodes, {NotRecovered} nodes not recovered")]
    public static partial void BackfillDone(ILogger logger, string name, int recovered, int nodes, int notRecovered);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Warning, Message = "MES adapter {Name}: the gap of {What} since {Since:o} is not recovered: {Reason}")]
    public static partial void BackfillNodeNotRecovered(ILogger logger, string name, string what, DateTime since, string reason);

    [LoggerMessage(EventId = 4216, Level = LogLevel.Warning, Message = "MES adapter {Name}: the gap of {What} holds more than {Cap} values: the oldest {Cap} are stored (up to {KeptUntil:o}); the later ones before the live values are not recovered")]
    public static partial void BackfillCapped(ILogger logger, string name, string what, int cap, DateTime keptUntil);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "MES adapter {Name}: watching alarm conditions of {Notifier} on {EndpointUrl}")]
    public static partial void WatchingConditions(ILogger logger, string name, string notifier, Uri endpointUrl);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Warning, Message = "MES adapter {Name}: condition event rejected ({Reference}): {Reason}")]
    public static partial void ConditionRejected(ILogger logger, string name, string reference, string reason);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Warning, Message = "MES adapter {Name}: storing {Count} alarm changes failed; retrying in {Delay}")]
    public static partial void AlarmStoreFailed(ILogger logger, string name, int count, TimeSpan delay, Exception error);

    [LoggerMessage(EventId = 4208, Level = LogLevel.Error, Message = "MES adapter {Name}: ConditionRefresh of subscription {SubscriptionId} failed ({Reason}); alarms active on the server before now are not known until the next refresh")]
    public static partial void ConditionRefreshFailed(ILogger logger, string name, uint subscriptionId, string reason);

    [LoggerMessage(EventId = 4209, Level = LogLevel.Information, Message = "MES adapter {Name}: condition {Code} of {AssetId} acknowledged on the server by {User}")]
    public static partial void ConditionAcknowledged(ILogger logger, string name, string assetId, string code, string user);

    [LoggerMessage(EventId = 4210, Level = LogLevel.Warning, Message = "MES adapter {Name}: acknowledging condition {Code} of {AssetId} on the server failed: {Reason}")]
    public static partial void ConditionAcknowledgeFailed(ILogger logger, string name, string assetId, string code, string reason);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "MES adapter {Name}: {Count} alarms the hub holds active are checked against the server's ConditionRefresh (those it does not resend as active are cleared)")]
    public static partial void HoldingAlarms(ILogger logger, string name, int count);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Warning, Message = "MES adapter {Name}: the alarms the hub holds active cannot be read ({Reason}); one that ended on the server while the hub was down stays open until its condition changes again")]
    public static partial void HeldAlarmsUnreadable(ILogger logger, string name, string reason);
}
