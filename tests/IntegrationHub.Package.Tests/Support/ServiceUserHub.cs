using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace IntegrationHub.Package.Tests.Support;

/// <summary>
/// The installed hub started as systemd would start the installed unit, without systemd: the unit's ExecStart as its
/// User (setpriv drops root's ids and execs, so the process id is the hub's), in its WorkingDirectory, with its UMask,
/// an environment made only of what systemd gives a service (PATH, HOME, USER, LOGNAME, SHELL) plus the unit's
/// Environment= lines, plus what the test adds (the listen address).
/// </summary>
internal sealed class ServiceUserHub : IAsyncDisposable
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(120);
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServiceUserHub(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the hub of <paramref name="unitPath"/> and waits for /health to answer 200.</summary>
    public static async Task<ServiceUserHub> StartAsync(string unitPath, int port, IReadOnlyDictionary<string, string> extraEnvironment, HttpClient http)
    {
        var unit = SystemdUnitFile.Read(unitPath);
        var user = unit["User"] ?? throw new InvalidOperationException("The unit names no User.");
        var account = (await Command.CheckAsync("getent", "passwd", user)).Trim().Split(':');
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = unit["WorkingDirectory"] ?? "/",
        };
        // The umask is set by a shell that then execs the hub (setpriv has no umask option).
        string umask = unit["UMask"] ?? "0022";
        foreach (var a in (string[])[$"--reuid={user}", $"--regid={user}", "--init-groups", "--", "/bin/sh", "-c", $"umask {umask} && exec \"$0\" \"$@\""])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var word in unit.ExecStart)
        {
            start.ArgumentList.Add(word);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = account[5];
        start.Environment["USER"] = user;
        start.Environment["LOGNAME"] = user;
        start.Environment["SHELL"] = account[6];
        foreach (var (name, value) in unit.Environment.Concat(extraEnvironment))
        {
            start.Environment[name] = value;
        }

        start.Environment["urls"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start) ?? throw new InvalidOperationException("setpriv did not start.");
        var hub = new ServiceUserHub(process, port);
        process.OutputDataReceived += (_, e) => hub.Append(e.Data);
        process.ErrorDataReceived += (_, e) => hub.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await hub.WaitForHealthAsync(http);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        return hub;
    }

    /// <summary>SIGTERM, as systemctl stop sends; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var guard = new CancellationTokenSource(s_hangGuard);
        await _process.WaitForExitAsync(guard.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitForHealthAsync(HttpClient http)
    {
        using var guard = new CancellationTokenSource(s_hangGuard);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The hub exited with {_process.ExitCode} before /health answered:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/health"), guard.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"/health did not answer 200 within {s_hangGuard}:\n{Log}");
            }

            // The poll interval of a condition wait; the overall bound is the hang guard above.
            await Task.Delay(200, guard.Token);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
