using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Tests.Common.Hub;

/// <summary>
/// One hub node as a real process: <c>dotnet hub.dll run</c> of the built Hub.Host, as <c>deploy/demo.sh</c> and the
/// benchmark's HubServer start it, on a fixed loopback port chosen once, with a data folder and node id that stay the
/// same across <see cref="KillAsync"/> (SIGKILL: nothing handed over, issue 18's "kill -9 one node") and
/// <see cref="StartAsync"/> again. Its stdout and stderr go to <see cref="LogFile"/> (appended across restarts), so a
/// failing test can print them (<see cref="LogTail"/>). Settings are <c>--Key=Value</c> arguments; secrets go in
/// <paramref name="environment"/> (<c>Hub__Store__ConnectionString</c>), as the service unit passes them.
/// </summary>
/// <param name="hubDll">The built <c>hub.dll</c> (in a test project that references Hub.Host: next to the tests).</param>
/// <param name="nodeId">Hub:NodeId, the holder name in the leases.</param>
/// <param name="dataFolder">Hub:DataFolder, kept across restarts; deleted by <see cref="DisposeAsync"/> unless kept.</param>
/// <param name="settings">More <c>--Key=Value</c> settings of <c>hub run</c>.</param>
/// <param name="environment">Environment variables of the process (the store's connection string, passwords).</param>
public sealed class HubNodeProcess(
    string hubDll, string nodeId, string dataFolder, IReadOnlyList<string> settings, IReadOnlyDictionary<string, string> environment)
    : IAsyncDisposable
{
    private static readonly TimeSpan StartHangGuard = TimeSpan.FromMinutes(3);
    private readonly Lock _gate = new();
    private Process? _process;
    private StreamWriter? _log;

    /// <summary>Hub:NodeId.</summary>
    public string NodeId { get; } = nodeId;

    /// <summary>Hub:DataFolder.</summary>
    public string DataFolder { get; } = dataFolder;

    /// <summary>The loopback port it listens on, the same after every restart (nginx's upstream names it).</summary>
    public int Port { get; } = LoopbackPort.GetFree();

    /// <summary>http://127.0.0.1:{Port}.</summary>
    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}"));

    /// <summary>Everything the process wrote, across restarts, with a line per start and kill.</summary>
    public string LogFile => Path.Combine(DataFolder, "node.log");

    /// <summary>The process id while it runs.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    /// <summary>Leaves the data folder in place on dispose (to look at after a failure).</summary>
    public bool KeepDataFolder { get; set; }

    /// <summary>
    /// Starts <c>hub run</c> (first start or restart) and waits until <c>/health/live</c> answers. Throws with the
    /// log's tail when the process exits first; the few minutes of the guard are only a hang guard.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException($"Node {NodeId} is already running (pid {_process.Id}).");
            }

            _process?.Dispose();
            Directory.CreateDirectory(DataFolder);
            _log ??= new StreamWriter(LogFile, append: true) { AutoFlush = true };
            var start = Program(["run", "--urls", BaseAddress.ToString().TrimEnd('/'), $"--Hub:NodeId={NodeId}", .. settings]);
            var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {hubDll} did not start.");
            Write(string.Create(CultureInfo.InvariantCulture, $"[fixture] {DateTimeOffset.UtcNow:O} node {NodeId} started, pid {process.Id}"));
            process.OutputDataReceived += (_, e) => Write(e.Data);
            process.ErrorDataReceived += (_, e) => Write(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }

        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(StartHangGuard);
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            if (ProcessId is null)
            {
                throw new InvalidOperationException($"Node {NodeId} exited at start-up. Its log:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative), guard.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!guard.IsCancellationRequested)
            {
                // One request overran its own timeout on a busy machine: ask again.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Node {NodeId} did not answer /health/live within {StartHangGuard}. Its log:\n{LogTail()}");
            }

            try
            {
                // The poll interval of a condition wait (the guard above is its hang guard).
                await Task.Delay(100, guard.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Node {NodeId} did not answer /health/live within {StartHangGuard}. Its log:\n{LogTail()}");
            }
        }
    }

    /// <summary>
    /// SIGKILL, as <c>kill -9</c>: the process gets no chance to stop its work, release its leases or acknowledge
    /// anything more. Returns once the process is gone.
    /// </summary>
    public async Task KillAsync()
    {
        Process process;
        lock (_gate)
        {
            process = _process ?? throw new InvalidOperationException($"Node {NodeId} was never started.");
        }

        if (!process.HasExited)
        {
            // Process.Kill sends SIGKILL on Linux; the hub's children (none) are not its concern.
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        Write(string.Create(CultureInfo.InvariantCulture, $"[fixture] {DateTimeOffset.UtcNow:O} node {NodeId} killed with SIGKILL"));
    }

    /// <summary>SIGTERM (the hub stops its work and hands its leases over), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is null || process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) } }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Write($"[fixture] node {NodeId} ignored SIGTERM for {grace}: killed");
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a <c>hub</c> admin command (<c>desk add-user</c>, <c>portal issue-token</c>) with this node's settings and
    /// environment plus <paramref name="moreEnvironment"/>; returns its exit code and what it wrote.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(
        IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? moreEnvironment, CancellationToken cancellationToken)
    {
        var start = Program([.. arguments, .. settings.Where(s => s.StartsWith("--Hub:", StringComparison.Ordinal))]);
        foreach (var (name, value) in moreEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {hubDll} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false)));
    }

    /// <summary>The last <paramref name="lines"/> lines of <see cref="LogFile"/>, for a failing test's message.</summary>
    public string LogTail(int lines = 200)
    {
        string[] all;
        lock (_gate)
        {
            if (!File.Exists(LogFile))
            {
                return $"(node {NodeId} wrote no log)";
            }

            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            all = reader.ReadToEnd().Split('\n');
        }

        var text = new StringBuilder().Append("----- node ").Append(NodeId).Append(" (").Append(LogFile).Append("), last lines -----\n");
        foreach (var line in all.TakeLast(lines))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Stops the node (SIGTERM, then SIGKILL) and deletes its data folder unless <see cref="KeepDataFolder"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        lock (_gate)
        {
            _process?.Dispose();
            _process = null;
            _log?.Dispose();
            _log = null;
        }

        if (!KeepDataFolder)
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temporary folder clean-up.
            }
        }
    }

    private ProcessStartInfo Program(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataFolder,
        };
        start.ArgumentList.Add(hubDll);
        foreach (var argument in arguments.Append($"--Hub:DataFolder={DataFolder}"))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // The hub's own defaults, not a developer's: the environment of the test runner may say Development.
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _log?.WriteLine(line);
        }
    }
}
