using System.Diagnostics;

namespace IntegrationHub.Adapters.Files.Tests.Inbox;

/// <summary>Makes the file-system entries an attacker on the plant network would drop: FIFOs and hard links.</summary>
internal static class Unix
{
    public static void MakeFifo(string path) => Run("mkfifo", path);

    public static void HardLink(string target, string link) => Run("ln", target, link);

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} failed: {error}");
    }
}
