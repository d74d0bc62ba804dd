using System.Diagnostics;
using System.Globalization;

namespace IntegrationHub.Tests.Common;

/// <summary>
/// Runs a clean-up once the test host has ended, whichever way it ends: a detached shell polls for the host's process.
/// A test host is killed by its runner soon after the last test, before an exit handler of its own can finish, and a
/// killed host would otherwise leave its servers running.
/// </summary>
public static class DetachedCleanup
{
    /// <summary>Runs the shell command <paramref name="cleanup"/> after process <paramref name="ownerPid"/> has ended.</summary>
    public static void WhenProcessEnds(int ownerPid, string cleanup)
    {
        var start = new ProcessStartInfo
        {
            // setsid --fork: the shell is no child of the host's, so a runner that kills the host's process tree spares it.
            FileName = "setsid",
            // Pipes of its own: inheriting the host's would keep the runner waiting for their end.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in (string[])["--fork", "sh", "-c", string.Create(CultureInfo.InvariantCulture,
            $"while kill -0 {ownerPid} 2>/dev/null; do sleep 1; done; {cleanup}")])
        {
            start.ArgumentList.Add(a);
        }

        using var watcher = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start.");
    }
}
