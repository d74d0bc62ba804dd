using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace IntegrationHub.Tests.Common.Mqtt;

/// <summary>
/// aedes (npm, MQTT 3.1.1 only), a broker independent of mosquitto, run from tests/peers/mqtt/aedes-server.js on an
/// OS-chosen loopback port. Needs `npm ci` in tests/peers/mqtt (deploy/install-deps.sh does it).
/// </summary>
public sealed class AedesBroker : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AedesBroker(int port) => Port = port;

    public int Port { get; }

    public static async Task<AedesBroker> StartAsync(CancellationToken cancellationToken = default)
    {
        string peers = Path.Combine(RepositoryPaths.Root, "tests", "peers", "mqtt");
        if (!System.IO.Directory.Exists(Path.Combine(peers, "node_modules", "aedes")))
        {
            throw new InvalidOperationException($"aedes is not installed: run `npm ci` in {peers} (deploy/install-deps.sh does).");
        }

        var broker = new AedesBroker(LoopbackPort.GetFree());
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(peers, "aedes-server.js"), broker.Port.ToString(CultureInfo.InvariantCulture) },
            WorkingDirectory = peers,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        broker._process = process;
        process.OutputDataReceived += (_, e) => broker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await LoopbackPort.WaitUntilAcceptingAsync(broker.Port, () => !process.HasExited, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch (Exception ex)
        {
            string output = broker.Output;
            await broker.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException("aedes failed to start: " + output, ex);
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
            _process = null;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
