using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IntegrationHub.Tests.Common.OpcUa;

/// <summary>
/// Runs deploy/simulator/mes-opcua/server.js (node-opcua) on a free loopback port with its own temporary data and
/// PKI folder; waits until it prints READY; kills it on dispose. Can be stopped and started again on the same port
/// and data folder, to test reconnects.
/// </summary>
public sealed class MesOpcUaServer : IAsyncDisposable
{
    /// <summary>The simulator's namespace URI.</summary>
    public const string NamespaceUri = "urn:integrationhub:simulator:mes";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lock TemplateLock = new();
    private static string? _pkiTemplate;
    private readonly string _scriptDir;
    private readonly string[] _extraArgs;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MesOpcUaServer(string scriptDir, string dataDir, int port, string[] extraArgs)
    {
        _scriptDir = scriptDir;
        DataDir = dataDir;
        Port = port;
        _extraArgs = extraArgs;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's data folder (its PKI is under pki/).</summary>
    public string DataDir { get; }

    /// <summary>opc.tcp://127.0.0.1:port.</summary>
    public Uri EndpointUrl => new(string.Create(CultureInfo.InvariantCulture, $"opc.tcp://127.0.0.1:{Port}"));

    /// <summary>User name accepted by the server.</summary>
    public string UserName => "operator";

    /// <summary>Password of <see cref="UserName"/>.</summary>
    public string Password => "operator-pw";

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server on a free port with a fresh data folder.</summary>
    public static async Task<MesOpcUaServer> StartAsync(CancellationToken cancellationToken, params string[] extraArgs)
    {
        var server = Create(null, extraArgs);
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Prepares a server (port, data folder) without starting it: start it with <see cref="StartAgainAsync"/>.</summary>
    public static MesOpcUaServer Create(int? port = null, params string[] extraArgs)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "mes-opcua-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        lock (TemplateLock)
        {
            // node-opcua makes its certificate in JavaScript, which takes seconds on a busy machine: servers after the
            // first in a test run start from a copy of the first one's PKI.
            if (_pkiTemplate is not null)
            {
                CopyDirectory(_pkiTemplate, Path.Combine(dataDir, "pki"));
            }
        }

        return new MesOpcUaServer(FindScriptDir(), dataDir, port ?? FreePort(), extraArgs);
    }

    /// <summary>A port that was free a moment ago (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process (again) and waits for READY.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = _scriptDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("server.js");
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(Port.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(DataDir);
        info.ArgumentList.Add("--tick-ms");
        info.ArgumentList.Add("100");
        foreach (var arg in _extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Append(e.Data);
            if (e.Data.StartsWith("READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The MES simulator exited before it was ready:\n" + Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new InvalidOperationException($"The MES simulator did not print READY within {StartTimeout.TotalSeconds} s:\n{Output}");
        }

        lock (TemplateLock)
        {
            if (_pkiTemplate is null)
            {
                var template = Path.Combine(Path.GetTempPath(), "mes-opcua-pki-template-" + Guid.NewGuid().ToString("N"));
                CopyDirectory(Path.Combine(DataDir, "pki"), template);
                _pkiTemplate = template;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(template);
            }
        }
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    /// <summary>Kills the server process (as a crash would) and waits for it to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(cancellationToken);
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string FindScriptDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "simulator", "mes-opcua");
            if (File.Exists(Path.Combine(candidate, "server.js")))
            {
                if (!Directory.Exists(Path.Combine(candidate, "node_modules", "node-opcua")))
                {
                    throw new InvalidOperationException($"node-opcua is not installed: run 'npm ci' in {candidate} (deploy/install-deps.sh does it).");
                }

                return candidate;
            }
        }

        throw new InvalidOperationException("deploy/simulator/mes-opcua/server.js not found above " + AppContext.BaseDirectory);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        DeleteQuietly(DataDir);

        return ValueTask.CompletedTask;
    }
}
