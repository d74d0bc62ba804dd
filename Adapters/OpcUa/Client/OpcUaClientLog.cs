using Microsoft.Extensions.Logging;

namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>
/// Connection events of the OPC UA client with stable event ids (4101-4108), so operators can alert on them.
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
}
