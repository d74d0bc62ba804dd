using System.Diagnostics;
using System.Text;

namespace IntegrationHub.Package.Tests.Support;

/// <summary>Runs a program to its end and keeps what it printed, for assertions and failure messages.</summary>
internal static class Command
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(20);

    /// <summary>Runs <paramref name="file"/>; the result carries the exit code and the output.</summary>
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var guard = new CancellationTokenSource(s_hangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} still ran after {s_hangGuard}: {output}{error}");
        }

        // WaitForExit() without a timeout also waits for the redirected streams' last lines.
        process.WaitForExit();
        lock (output)
        {
            lock (error)
            {
                return new CommandResult($"{file} {string.Join(' ', start.ArgumentList)}", process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }

    /// <summary>Runs <paramref name="file"/> and fails the test, with everything it printed, unless it exits with 0.</summary>
    public static async Task<string> CheckAsync(string file, params string[] args)
    {
        var result = await RunAsync(file, args);
        result.EnsureSuccess();
        return result.Output;
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
