namespace IntegrationHub.Hub.Host.Modules.Mqtt.Adoption;

/// <summary>The MQTT session adoption's log messages (issue 18); event ids 1740-1749 are stable for alerting.</summary>
internal static partial class AdoptionLog
{
    [LoggerMessage(1740, LogLevel.Warning, "MQTT session {ClientId} adopted by node {Node} (lease {Lease}, token {Token}; its last holder {Previous} stopped renewing it): its queued and future messages are stored by this node until its owner returns")]
    public static partial void Adopted(ILogger logger, string clientId, string node, string lease, long token, string previous);

    [LoggerMessage(1741, LogLevel.Information, "MQTT session {ClientId} handed back by node {Node}: node {Owner} asks for it; the adopted client is stopped and lease {Lease} released (token {Token})")]
    public static partial void HandedBack(ILogger logger, string clientId, string node, string owner, string lease, long token);

    [LoggerMessage(1742, LogLevel.Warning, "MQTT session {ClientId} adopted by node {Node} lost its lease (token {Token}): {Reason}; the adopted client is stopped")]
    public static partial void Lost(ILogger logger, string clientId, string node, long token, string reason);

    [LoggerMessage(1743, LogLevel.Information, "Node {Node} asks for its MQTT session {ClientId} back (lease {Lease}); whoever adopted it lets go and this node connects it")]
    public static partial void AsksBack(ILogger logger, string node, string clientId, string lease);

    [LoggerMessage(1744, LogLevel.Error, "MQTT session {ClientId}: the adopted client failed to start on node {Node} (token {Token}); the lease is given up")]
    public static partial void StartFailed(ILogger logger, Exception exception, string clientId, string node, long token);

    [LoggerMessage(1745, LogLevel.Warning, "MQTT session adoption on node {Node}: the store did not answer: {Reason}; trying again in {Delay}")]
    public static partial void RoundFailed(ILogger logger, string node, string reason, TimeSpan delay);

    [LoggerMessage(1746, LogLevel.Warning, "MQTT session adoption on node {Node}: lease {Lease} (token {Token}) could not be released: {Reason}; it runs out by itself")]
    public static partial void ReleaseFailed(ILogger logger, string node, string lease, long token, string reason);

    [LoggerMessage(1747, LogLevel.Warning, "MQTT session {ClientId}: the adopted client did not stop cleanly on node {Node}")]
    public static partial void StopFailed(ILogger logger, Exception exception, string clientId, string node);
}
