using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Lookup;

/// <summary>
/// The real <c>hub run</c> process on a free loopback port, its output in a log file, stopped with SIGTERM (then
/// killed) when disposed.
/// </summary>
internal sealed class HubServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private HubServer(Process process, StreamWriter log, string baseUrl)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <param name="environment">More environment variables of the hub (its store's connection string: issue 17).</param>
    /// <param name="started">Told the process id as soon as the process exists, before it answers (the mqtt benchmark's cold drain samples its CPU then).</param>
    public static async Task<HubServer> StartAsync(
        string hubExecutable, IEnumerable<string> settings, string logPath, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null,
        Action<int>? started = null)
    {
        var baseUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = ChildProcess.Program(hubExecutable, ["run", "--urls", baseUrl, .. settings]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {hubExecutable}.");
        started?.Invoke(process.Id);
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new HubServer(process, log, baseUrl);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 60.0);
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"The hub exited with code {process.ExitCode} at start-up; see {logPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl + "/health/live"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"The hub did not answer /health/live within 60 s; see {logPath}.");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The server's peak resident memory so far, in MiB.</summary>
    public double PeakMiB() => PeakMemory.OfProcessMiB(_process.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The server's resident memory now (VmRSS), in MiB.</summary>
    public double ResidentMiB() => PeakMemory.OfProcessMiB(_process.Id.ToString(CultureInfo.InvariantCulture), "VmRSS:");

    /// <summary>kill -9 of the hub (a crash: nothing handed over, its leases left to run out; issue 18's fail-over benchmark).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            // Process.Kill is SIGKILL on Linux.
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start(ChildProcess.Program("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture))))
            {
                term?.WaitForExit();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        _process.Dispose();
        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
