using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Tests.Common;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Adapters.Mqtt.Tests.Sparkplug;

/// <summary>
/// tests/peers/sparkplug/edge-node.js, an edge node on Eclipse Tahu's JavaScript client (npm sparkplug-client 3.2.4),
/// as a process driven through its standard input; needs `npm ci` in tests/peers/sparkplug (deploy/install-deps.sh).
/// </summary>
internal sealed class EdgeNodeSimulator : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private EdgeNodeSimulator(Process process) => _process = process;

    public static EdgeNodeSimulator Start(int brokerPort, string group, string edgeNode, string device)
    {
        var peers = Path.Combine(RepositoryPaths.Root, "tests", "peers", "sparkplug");
        if (!Directory.Exists(Path.Combine(peers, "node_modules", "sparkplug-client")))
        {
            throw new InvalidOperationException($"sparkplug-client is not installed: run `npm ci` in {peers} (deploy/install-deps.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(peers, "edge-node.js"), brokerPort.ToString(CultureInfo.InvariantCulture), group, edgeNode, device },
            WorkingDirectory = peers,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var simulator = new EdgeNodeSimulator(Process.Start(start) ?? throw new InvalidOperationException("node did not start."));
        simulator._process.OutputDataReceived += (_, e) => simulator.Append(e.Data);
        simulator._process.ErrorDataReceived += (_, e) => simulator.Append(e.Data is null ? null : "stderr: " + e.Data);
        simulator._process.BeginOutputReadLine();
        simulator._process.BeginErrorReadLine();
        return simulator;
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>How many lines the simulator printed that equal <paramref name="line"/>.</summary>
    public int Count(string line)
    {
        lock (_lines)
        {
            return _lines.Count(l => l == line);
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits until the simulator has printed <paramref name="line"/> <paramref name="times"/> times.</summary>
    public Task WaitForAsync(string line, int times = 1) =>
        WaitFor.ConditionAsync(() => Count(line) >= times || _process.HasExited, $"the edge node simulator to print '{line}' {times} time(s); it printed:{Environment.NewLine}{Output}")
            .ContinueWith(t => { t.GetAwaiter().GetResult(); Assert.True(Count(line) >= times, "the simulator exited: " + Output); }, TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
