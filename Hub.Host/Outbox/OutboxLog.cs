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

    // Session 25: ids 2362-2369 (a graceful stop lets the sends under way finish, Hub:Notifications:StopGrace).
    [LoggerMessage(2362, LogLevel.Information, "The hub is stopping: node {NodeId}'s outbox claims nothing more and waits up to {Grace} (Hub:Notifications:StopGrace) for its {Count} sends under way")]
    public static partial void StoppingWithSendsInFlight(ILogger logger, string nodeId, int count, TimeSpan grace);

    [LoggerMessage(2363, LogLevel.Information, "Node {NodeId}'s outbox stopped: {Finished} sends under way at the stop finished and recorded, none abandoned")]
    public static partial void StoppedAllFinished(ILogger logger, string nodeId, long finished);

    [LoggerMessage(2364, LogLevel.Warning, "Node {NodeId}'s outbox stopped: {Finished} sends under way at the stop finished and recorded, {Abandoned} abandoned after the grace of {Grace}; those go out again at the next start, so a receiver may get them twice (raise Hub:Notifications:StopGrace if this repeats)")]
    public static partial void StoppedWithAbandoned(ILogger logger, string nodeId, long finished, long abandoned, TimeSpan grace);

    [LoggerMessage(2365, LogLevel.Warning, "Notification {Id} ({EventKey}) on channel {Channel} abandoned mid-send as the hub stopped (grace {Grace}); it is handed back and sent again at the next start with the same Message-ID, so the receiver may get it twice")]
    public static partial void AbandonedAtStop(ILogger logger, string id, string eventKey, string channel, TimeSpan grace);
}
