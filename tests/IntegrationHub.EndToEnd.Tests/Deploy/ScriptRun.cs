using System.Diagnostics;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.EndToEnd.Tests.Deploy;

/// <summary>One run of a script under deploy/: its exit code and what it wrote.</summary>
/// <param name="ExitCode">The script's exit code.</param>
/// <param name="Output">What it wrote to stdout.</param>
/// <param name="Error">What it wrote to stderr.</param>
internal sealed record ScriptRun(int ExitCode, string Output, string Error)
{
    /// <summary>The hang guard of every script run (initdb and a server start on a busy machine take seconds, not minutes).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    /// <summary>Runs deploy/<paramref name="script"/> with bash from the repository root, with extra environment variables.</summary>
    public static async Task<ScriptRun> RunAsync(string script, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "deploy", script));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var guard = new CancellationTokenSource(HangGuard);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"bash {script} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(guard.Token);
        var error = process.StandardError.ReadToEndAsync(guard.Token);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deploy/{script} {string.Join(' ', args)} did not end within {HangGuard.TotalSeconds:0} s.");
        }

        return new ScriptRun(process.ExitCode, await output, await error);
    }

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
