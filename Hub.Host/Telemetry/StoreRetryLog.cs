namespace IntegrationHub.Hub.Host.Telemetry;

/// <summary>Telemetry held while the store is unreachable (issue 17); event ids 1526-1527 are stable for alerting.</summary>
internal static partial class StoreRetryLog
{
    [LoggerMessage(1526, LogLevel.Warning, "Storing a telemetry batch ({Readings} reading(s), {Unreadable} unreadable message(s)) failed because the store is unreachable: {Reason}. Its messages stay unacknowledged; retry step {Step} in {Delay}")]
    public static partial void StoreUnreachable(ILogger logger, int readings, int unreadable, string reason, int step, TimeSpan delay);

    [LoggerMessage(1527, LogLevel.Information, "The store answers again: the telemetry batch held for {Steps} retry step(s) is stored and its messages are acknowledged")]
    public static partial void StoreBack(ILogger logger, int steps);
}
