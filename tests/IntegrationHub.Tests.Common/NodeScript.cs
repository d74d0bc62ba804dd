using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Tests.Common;

/// <summary>
/// Runs a Node test peer's script once (tests/peers/...): the request as JSON on its standard input, its answer as
/// JSON from its standard output. A non-zero exit fails with what the script wrote to standard error.
/// </summary>
public static class NodeScript
{
    /// <param name="folder">The peer's folder (its node_modules), the script's working folder.</param>
    /// <param name="script">The script's file name in <paramref name="folder"/>.</param>
    /// <param name="request">What the script reads.</param>
    /// <param name="hangGuard">Only against a script that never ends; generous, as a busy machine is slow.</param>
    public static async Task<JsonNode> RunAsync(string folder, string script, JsonNode request, TimeSpan hangGuard)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(folder, script) },
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        // Both streams read while the request is written: a large answer must not block the script on a full pipe.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(request.ToJsonString()).ConfigureAwait(false);
        process.StandardInput.Close();
        using var guard = new CancellationTokenSource(hangGuard);
        await process.WaitForExitAsync(guard.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}");
        }

        return JsonNode.Parse(await output.ConfigureAwait(false)) ?? throw new JsonException($"{script} answered nothing.");
    }
}
