using System.Globalization;

namespace IntegrationHub.Hub.Host.Hosting.Service;

/// <summary>
/// What systemd tells a service with <c>WatchdogSec=</c> through its environment (sd_watchdog_enabled(3)): the
/// notification socket, the watchdog timeout, and the process it is meant for.
/// </summary>
/// <param name="NotifySocket">
/// <c>NOTIFY_SOCKET</c>: a file system path, or an abstract socket name when it starts with <c>@</c> (sd_notify(3)).
/// </param>
/// <param name="Timeout">
/// <c>WATCHDOG_USEC</c>: systemd kills and restarts the service when no <c>WATCHDOG=1</c> arrived for this long.
/// </param>
internal sealed record SystemdWatchdogSettings(string NotifySocket, TimeSpan Timeout)
{
    /// <summary>
    /// How often the hub sends <c>WATCHDOG=1</c>: half the timeout, as sd_watchdog_enabled(3) recommends, so a late
    /// timer tick on a busy machine is not a restart.
    /// </summary>
    public TimeSpan Interval => Timeout / 2;

    /// <summary>
    /// Reads the settings from the environment; null when the watchdog is off: no socket, no timeout, or a timeout
    /// meant for another process (<c>WATCHDOG_PID</c> names the main process when the unit runs several).
    /// </summary>
    /// <param name="variable">Reads an environment variable (<see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="processId">This process's id.</param>
    /// <param name="problem">Why a watchdog that systemd asked for is not kept, for the log; null otherwise.</param>
    public static SystemdWatchdogSettings? From(Func<string, string?> variable, int processId, out string? problem)
    {
        problem = null;
        string? socket = variable("NOTIFY_SOCKET");
        string? usec = variable("WATCHDOG_USEC");
        if (string.IsNullOrEmpty(usec))
        {
            return null;
        }

        if (string.IsNullOrEmpty(socket))
        {
            problem = $"WATCHDOG_USEC is set ({usec}) but NOTIFY_SOCKET is not: the unit needs Type=notify.";
            return null;
        }

        string? pid = variable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != processId.ToString(CultureInfo.InvariantCulture))
        {
            // Not an error: systemd watches the unit's main process, which is another one (sd_watchdog_enabled(3)).
            return null;
        }

        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds) || microseconds <= 0)
        {
            problem = $"WATCHDOG_USEC '{usec}' is not a positive number of microseconds.";
            return null;
        }

        return new SystemdWatchdogSettings(socket, TimeSpan.FromMicroseconds(microseconds));
    }
}
