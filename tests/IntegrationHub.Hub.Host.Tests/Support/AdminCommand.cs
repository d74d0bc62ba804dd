using IntegrationHub.Hub.Host.Cli;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>An admin command (<c>hub ...</c>) run in-process on a new data folder, deleted afterwards.</summary>
internal static class AdminCommand
{
    /// <summary>Runs <paramref name="command"/> with <c>--Hub:DataFolder</c> set to a new folder, then <paramref name="settings"/>.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string[] command, params string[] settings)
    {
        var data = TestHub.NewDataFolder();
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await HubCommandLine.RunAsync([.. command, $"--Hub:DataFolder={data}", .. settings], output, error, CancellationToken.None);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
