using System.Diagnostics;

namespace IntegrationHub.Tests.Common.Patroni;

/// <summary>A server process whose standard output and error go to a log file, kept for failure messages.</summary>
internal sealed class LoggedProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private LoggedProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="file"/>, as the <c>postgres</c> user when <paramref name="asPostgres"/> and the tests run as root.</summary>
    public static LoggedProcess Start(string file, IEnumerable<string> args, string logFile, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            // setpriv execs the program itself (no runuser in between): the process id is the server's, for signals.
            FileName = asPostgres && Environment.IsPrivilegedProcess ? "setpriv" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(logFile)!,
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            foreach (var a in (string[])["--reuid=postgres", "--regid=postgres", "--init-groups", "--reset-env", file])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var logged = new LoggedProcess(process, log);
        process.OutputDataReceived += (_, e) => logged.Write(e.Data);
        process.ErrorDataReceived += (_, e) => logged.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return logged;
    }

    /// <summary>SIGTERM: Patroni then stops its PostgreSQL itself.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(guard.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, the last resort of a clean-up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after the clean-up closed the log: nobody reads it any more.
            }
        }
    }
}
