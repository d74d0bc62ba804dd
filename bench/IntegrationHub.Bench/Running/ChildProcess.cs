using System.Diagnostics;
using System.Text;

namespace IntegrationHub.Bench.Running;

/// <summary>Runs a program to completion with a time limit, keeping its standard output.</summary>
internal static class ChildProcess
{
    private const string ReportPrefix = "BENCH-TEXT ";

    /// <summary>Starts this benchmark again with other arguments, so that a task gets a process (and a peak memory) of its own.</summary>
    public static ProcessStartInfo Self(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable.");
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public static ProcessStartInfo Program(string fileName, params IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs <paramref name="start"/>; its stderr goes to ours, its stdout is returned. Throws when it fails or overruns.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo start, TimeSpan limit, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("  | " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(start)} did not finish within {limit}.");
        }

        // WaitForExitAsync returns once the output streams are drained too.
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Describe(start)} exited with code {process.ExitCode}.");
        }

        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>Runs a task of this benchmark in a child process and returns the measurement it printed.</summary>
    public static async Task<TaskMeasurement> MeasureAsync(ProcessStartInfo start, TimeSpan limit, CancellationToken cancellationToken)
    {
        var output = await RunAsync(start, limit, cancellationToken).ConfigureAwait(false);
        return output.Split('\n').Select(l => TaskMeasurement.TryParse(l.TrimEnd('\r'))).LastOrDefault(m => m is not null)
            ?? throw new InvalidOperationException($"{Describe(start)} printed no measurement. Its output:\n{output}");
    }

    /// <summary>Runs a diagnostic task of this benchmark in a child process and returns the report lines it printed.</summary>
    public static async Task<IReadOnlyList<string>> ReportAsync(ProcessStartInfo start, TimeSpan limit, CancellationToken cancellationToken)
    {
        var output = await RunAsync(start, limit, cancellationToken).ConfigureAwait(false);
        return [.. output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(ReportPrefix, StringComparison.Ordinal)).Select(l => l[ReportPrefix.Length..])];
    }

    /// <summary>Prints report lines for <see cref="ReportAsync"/>.</summary>
    public static void PrintReport(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            Console.WriteLine(ReportPrefix + line);
        }
    }

    public static string Describe(ProcessStartInfo start) => start.FileName + " " + string.Join(' ', start.ArgumentList);
}
