using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// The benchmark's own mosquitto on a free loopback port, with a config in a folder of its own: max_queued_messages
/// raised (the default 1000 silently drops QoS 1 messages to a slow subscriber), no persistence, and subscriptions
/// logged so that the benchmark knows when a subscriber is ready.
/// </summary>
internal sealed class Mosquitto : IAsyncDisposable
{
    private readonly BackgroundProcess _process;
    private readonly string _logPath;

    private Mosquitto(BackgroundProcess process, int port, string logPath)
    {
        _process = process;
        Port = port;
        _logPath = logPath;
    }

    public int Port { get; }

    public int ProcessId => _process.ProcessId;

    public static async Task<Mosquitto> StartAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var port = FreeLoopbackPort();
        var logPath = Path.Combine(folder, "mosquitto.log");
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllLinesAsync(config,
        [
            "per_listener_settings false",
            string.Create(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1"),
            "allow_anonymous true",
            "persistence false",
            "max_queued_messages 1000000",
            "max_inflight_messages 100",
            "log_dest file " + logPath,
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "log_type subscribe",
            // Only used when started as root (a throwaway instance whose files stay ours); ignored otherwise.
            "user root",
        ], cancellationToken).ConfigureAwait(false);

        var process = BackgroundProcess.Start(ChildProcess.Program(File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto", "-c", config));
        var broker = new Mosquitto(process, port, logPath);
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
                return broker;
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port} within 10 s; see {logPath}.");
            }
        }
    }

    /// <summary>Waits until the broker has logged a subscription of <paramref name="clientId"/> (logged once it is in place).</summary>
    public async Task WaitForSubscriptionAsync(string clientId, TimeSpan limit, CancellationToken cancellationToken)
    {
        // "1795336918: refsub 0 plant/+/+/telemetry": client id, QoS, filter; a shared subscription's filter is
        // "$share/<group>/plant/...".
        var marker = ": " + clientId + " ";
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * limit.TotalSeconds);
        while (true)
        {
            await using (var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                var log = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                if (log.Split('\n').Any(l => l.Contains(marker, StringComparison.Ordinal) && (l.Contains(" plant/", StringComparison.Ordinal) || l.Contains("/plant/", StringComparison.Ordinal))))
                {
                    return;
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"mosquitto logged no subscription of {clientId} within {limit}; see {_logPath}.");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How many times the broker has logged a new connection of <paramref name="clientId"/> so far.</summary>
    public int ConnectionsOf(string clientId) => ReadLog().Split('\n').Count(l => IsConnection(l, clientId));

    /// <summary>
    /// Waits until the broker logs connection number <paramref name="previous"/> + 1 of <paramref name="clientId"/> and
    /// returns this process's <see cref="Stopwatch"/> timestamp when the line was seen: a resumed session's queued
    /// messages start to flow at that moment (issue 20 item 2: the adapter's drain is timed from it). The log is read
    /// every 5 ms, so the timestamp is at most a few milliseconds late.
    /// </summary>
    public async Task<long> WaitForConnectionAsync(string clientId, int previous, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * limit.TotalSeconds);
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (ReadLog().Split('\n').Count(l => IsConnection(l, clientId)) > previous)
            {
                return now;
            }

            if (now > deadline)
            {
                throw new TimeoutException($"mosquitto logged no new connection of {clientId} within {limit}; see {_logPath}.");
            }

            // A poll interval inside a condition wait with a deadline, not a fixed pause.
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    // "1795336918: New client connected from 127.0.0.1:40112 as bench-hub (p5, c0, k30)."
    private static bool IsConnection(string line, string clientId) =>
        line.Contains("New client connected", StringComparison.Ordinal) && line.Contains(" as " + clientId + " ", StringComparison.Ordinal);

    private string ReadLog()
    {
        using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
