namespace IntegrationHub.Hub.Host.Outbox;

/// <summary>
/// The outbox's log events about claims on several nodes (issue 18 item 3; ids 1640-1649), so operators can alert on
/// an id. Node ids are checked printable at start (Hub:NodeId); message ids and event keys are made by the hub.
/// </summary>
internal static partial class OutboxLog
{
    [LoggerMessage(1640, LogLevel.Warning, "Notification {Id} ({EventKey}): outcome {Outcome} not recorded by node {NodeId}: its claim lapsed and another node took the message over, whose outcome stands; if this node's attempt was delivered, the message may go out twice (raise Hub:Notifications:ClaimDuration if this repeats)")]
    public static partial void ClaimLost(ILogger logger, string id, string eventKey, OutboxStatus outcome, string nodeId);

    [LoggerMessage(1641, LogLevel.Warning, "Notification {Id} ({EventKey}) not sent by node {NodeId}: its claim lapsed at {ExpiresAt} before its turn came; the next claim takes it (raise Hub:Notifications:ClaimDuration if this repeats)")]
    public static partial void ClaimLapsedBeforeSending(ILogger logger, string id, string eventKey, string nodeId, DateTimeOffset? expiresAt);

    [LoggerMessage(1642, LogLevel.Warning, "Notification {Id} ({EventKey}) taken over by node {NodeId} from node {PreviousNode}, whose claim had lapsed (stopped, or hung while sending)")]
    public static partial void TakenOver(ILogger logger, string id, string eventKey, string nodeId, string previousNode);

    [LoggerMessage(1643, LogLevel.Information, "Node {NodeId} released {Count} outbox claims it had not finished, as the hub stops")]
    public static partial void ClaimsReleased(ILogger logger, string nodeId, int count);

    // Issue 18: ids 1730-1739 (the fail-over fault test's findings).
    [LoggerMessage(1730, LogLevel.Warning, "Notification {Id} ({EventKey}) was delivered, but the store did not take its outcome ({Error}); retrying in {Delay} until the store answers, while the claim holds (until {ExpiresAt})")]
    public static partial void DeliveredNotRecordedYet(ILogger logger, string id, string eventKey, TimeSpan delay, DateTimeOffset? expiresAt, string error);
}
