namespace IntegrationHub.Hub.Host.Hosting.Service;

/// <summary>The service hosts' log messages; event ids 1810-1819 are stable for alerting.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(1810, LogLevel.Information, "systemd watchdog on: WATCHDOG=1 every {Interval} (timeout {Timeout}) to {Socket}")]
    public static partial void WatchdogOn(ILogger logger, TimeSpan interval, TimeSpan timeout, string socket);

    [LoggerMessage(1811, LogLevel.Warning, "systemd watchdog: WATCHDOG=1 could not be sent to {Socket} ({Error}); systemd restarts the hub if this lasts")]
    public static partial void WatchdogFailed(ILogger logger, string socket, string error);

    [LoggerMessage(1812, LogLevel.Information, "systemd watchdog: WATCHDOG=1 reaches {Socket} again")]
    public static partial void WatchdogRecovered(ILogger logger, string socket);

    [LoggerMessage(1813, LogLevel.Warning, "systemd watchdog not kept: {Problem}")]
    public static partial void WatchdogRefused(ILogger logger, string problem);
}
