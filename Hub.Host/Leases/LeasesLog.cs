namespace IntegrationHub.Hub.Host.Leases;

/// <summary>The leased work's log messages (issue 18 item 1); event ids 1650-1669 are stable for alerting.</summary>
internal static partial class LeasesLog
{
    [LoggerMessage(1650, LogLevel.Information, "Lease {Lease} taken by node {Node} with token {Token} (expires {ExpiresAt:O} by the database's clock); the work runs on this node")]
    public static partial void Acquired(ILogger logger, string lease, string node, long token, DateTimeOffset expiresAt);

    [LoggerMessage(1651, LogLevel.Warning, "Lease {Lease} lost by node {Node} (token {Token}): {Reason}; the work is stopped on this node and another node takes it over")]
    public static partial void Lost(ILogger logger, string lease, string node, long token, string reason);

    [LoggerMessage(1652, LogLevel.Information, "Lease {Lease} released by node {Node} (token {Token}) as the hub stops; another node may take it at once")]
    public static partial void Released(ILogger logger, string lease, string node, long token);

    [LoggerMessage(1653, LogLevel.Warning, "Lease {Lease}: node {Node} could not ask the store for it: {Reason}; trying again in {Delay}")]
    public static partial void AcquireFailed(ILogger logger, Exception exception, string lease, string node, string reason, TimeSpan delay);

    [LoggerMessage(1654, LogLevel.Information, "Lease {Lease} is held by another node; node {Node} tries again every {Delay} and takes the work over if that node stops renewing")]
    public static partial void HeldElsewhere(ILogger logger, string lease, string node, TimeSpan delay);

    [LoggerMessage(1655, LogLevel.Error, "Leased work {Lease} failed to start on node {Node} (token {Token}); the lease is given up and taken again in {Delay}")]
    public static partial void StartFailed(ILogger logger, Exception exception, string lease, string node, long token, TimeSpan delay);

    [LoggerMessage(1656, LogLevel.Warning, "Leased work {Lease} did not stop cleanly on node {Node} (token {Token})")]
    public static partial void StopFailed(ILogger logger, Exception exception, string lease, string node, long token);

    [LoggerMessage(1657, LogLevel.Warning, "Lease {Lease}: node {Node} could not release token {Token}: {Reason}; the lease runs out by itself")]
    public static partial void ReleaseFailed(ILogger logger, string lease, string node, long token, string reason);
}
