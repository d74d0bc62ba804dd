using System.Diagnostics;
using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// A program running beside the benchmark (a subscriber, a publisher, a broker): its stdout lines are kept, its
/// stderr goes to ours, and it is killed (by its own pid, with its children) when disposed if still running.
/// </summary>
internal sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Action<string>? _onLine;

    private BackgroundProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="start"/>. <paramref name="onLine"/>, when given, sees each stdout line instead of it being kept.</summary>
    public static BackgroundProcess Start(ProcessStartInfo start, Action<string>? onLine = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var running = new BackgroundProcess(process, onLine);
        process.OutputDataReceived += (_, e) => running.Add(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("  | " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    /// <summary>Waits until a stdout line equals <paramref name="line"/>; throws if the program exits first or the limit passes.</summary>
    public async Task WaitForLineAsync(string line, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * limit.TotalSeconds);
        while (!Lines().Contains(line))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with code {_process.ExitCode} before printing {line}.");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{_process.StartInfo.FileName} did not print {line} within {limit}.");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the program to exit; false when the limit passed first (it is then killed).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Peak resident memory so far, in MiB (NaN once the process is gone).</summary>
    public double PeakMiB() => PeakMemory.OfProcessMiB(_process.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>Current resident memory, in MiB (NaN once the process is gone).</summary>
    public double ResidentMiB() => PeakMemory.OfProcessMiB(_process.Id.ToString(CultureInfo.InvariantCulture), "VmRSS:");

    /// <summary>Asks the program to stop (SIGTERM), then kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(ChildProcess.Program("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture))))
        {
            term?.WaitForExit();
        }

        if (!await WaitForExitAsync(grace, CancellationToken.None).ConfigureAwait(false))
        {
            Console.Error.WriteLine($"[bench] {_process.StartInfo.FileName} (pid {_process.Id}) ignored SIGTERM and was killed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (_onLine is not null)
        {
            _onLine(line);
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
