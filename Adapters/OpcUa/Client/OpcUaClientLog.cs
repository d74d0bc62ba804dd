using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Connection events of the OPC UA client with stable event ids (4101-4117; 4120-4129 for events and conditions;
/// 4130-4135 for gaps and history reads), so operators can alert on them.
/// No values or payloads are logged.
/// </summary>
internal static partial class OpcUaClientLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "OPC UA session {SessionId} open on {EndpointUrl}")]
    public static partial void Connected(ILogger logger, Uri endpointUrl, string sessionId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "OPC UA connection to {EndpointUrl} lost; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, Uri endpointUrl, Exception? error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "OPC UA reconnect to {EndpointUrl} failed (attempt {Attempt}); next try in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, Uri endpointUrl, int attempt, TimeSpan delay, Exception? error);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "OPC UA reconnected to {EndpointUrl}; session reactivated: {Reactivated}")]
    public static partial void Reconnected(ILogger logger, Uri endpointUrl, bool reactivated);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "OPC UA subscription {SubscriptionId} transferred to the new session")]
    public static partial void SubscriptionTransferred(ILogger logger, uint subscriptionId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "OPC UA subscription {OldId} was lost by the server; recreated as {NewId} with {ItemCount} items")]
    public static partial void SubscriptionRecreated(ILogger logger, uint oldId, uint newId, int itemCount);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "OPC UA subscription {SubscriptionId}: notification message {SequenceNumber} is no longer available on the server")]
    public static partial void NotificationLost(ILogger logger, uint subscriptionId, uint sequenceNumber);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "OPC UA subscription {SubscriptionId}: gave up on {Count} missing notification messages after {Held} later ones waited behind them")]
    public static partial void NotificationsAbandoned(ILogger logger, uint subscriptionId, long count, int held);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "OPC UA Publish failed")]
    public static partial void PublishFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "OPC UA subscription {SubscriptionId} has delivered nothing (no data, no keep-alive) while the server sent subscription {OtherId} messages spanning at least {Silence}; its keep-alive period is {KeepAlivePeriod}: the server probably lost it")]
    public static partial void SubscriptionSilent(ILogger logger, uint subscriptionId, uint otherId, TimeSpan silence, TimeSpan keepAlivePeriod);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "OPC UA subscription {SubscriptionId} delivers again")]
    public static partial void SubscriptionDeliversAgain(ILogger logger, uint subscriptionId);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "OPC UA Publish response for subscription {SubscriptionId}, which this client does not hold: ignored and not acknowledged (logged once per id)")]
    public static partial void UnknownSubscription(ILogger logger, uint subscriptionId);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "OPC UA reconnect to {EndpointUrl} refused for a reason that retrying cannot cure: {Reason} Fix: {Fix} Trying again every {Delay}; not logged again until the reason changes")]
    public static partial void ReconnectRefused(ILogger logger, Uri endpointUrl, string reason, string fix, TimeSpan delay);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Warning, Message = "OPC UA session on {EndpointUrl}: the password goes to the server unencrypted (endpoint {SecurityMode}, user token policy without security); allowed by AllowUnencryptedPassword")]
    public static partial void UnencryptedPassword(ILogger logger, Uri endpointUrl, string securityMode);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Information, Message = "OPC UA session {SessionId} on {EndpointUrl} closed because its activation failed")]
    public static partial void UnactivatedSessionClosed(ILogger logger, Uri endpointUrl, string sessionId);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Warning, Message = "OPC UA server {EndpointUrl} restarted (StartTime was {Before:o}, is now {Now:o}): its subscription ids may now name other clients' subscriptions, so this client's subscriptions are created anew, not transferred")]
    public static partial void ServerRestarted(ILogger logger, Uri endpointUrl, DateTime before, DateTime now);

    [LoggerMessage(EventId = 4117, Level = LogLevel.Warning, Message = "OPC UA subscription {SubscriptionId} transferred to this session is not this client's ({Found} monitored items on the server, {Expected} created by this client do not match): deleted from the session and created anew")]
    public static partial void ForeignSubscriptionTransferred(ILogger logger, uint subscriptionId, int found, int expected);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "OPC UA subscription {SubscriptionId}: values may be missing ({Reason}); a history read can recover them where the server historizes")]
    public static partial void SubscriptionGap(ILogger logger, uint subscriptionId, string reason);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Warning, Message = "OPC UA history read of {NodeId} stopped at {Count} values with more left on the server ({EmptyPages} empty pages in a row); its continuation point is released")]
    public static partial void HistoryReadCapped(ILogger logger, string nodeId, int count, int emptyPages);
    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "OPC UA subscription {SubscriptionId}: ConditionRefresh called; the server resends every retained condition")]
    public static partial void ConditionsRefreshed(ILogger logger, uint subscriptionId);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "OPC UA subscription {SubscriptionId}: ConditionRefresh after the reconnect failed ({Reason}); conditions that changed while the connection was down are refreshed at the next reconnect")]
    public static partial void ConditionRefreshFailed(ILogger logger, uint subscriptionId, string reason);
}
