using System.Diagnostics;
using System.Globalization;
using System.Text;
using IntegrationHub.Tests.Common.Mqtt;

namespace IntegrationHub.Cluster.Tests.Support;

/// <summary>
/// The plant's devices: <c>tests/peers/mqtt/storm-publisher.js</c> (MQTT.js, an independent client) publishing QoS 1
/// readings at a rate, with every machine crossing the temperature limit. Counts what the broker acknowledged
/// (PUBACK), which is what the hub owes: every acknowledged reading stored once.
/// </summary>
internal sealed class StormPublisher : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private long _acked;
    private long _done = -1;

    private StormPublisher(Process process) => _process = process;

    /// <summary>Readings acknowledged by the broker so far (to the last thousand while it runs).</summary>
    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>The asset id of machine <paramref name="machine"/> (1-based), as the script names it.</summary>
    public static string Asset(int machine) => string.Create(CultureInfo.InvariantCulture, $"EQ-CS{machine:000}-01");

    /// <summary>The customer code of machine <paramref name="machine"/> (1-based), as the script names it.</summary>
    public static string Customer(int machine) => string.Create(CultureInfo.InvariantCulture, $"CS{machine:000}");

    /// <summary>Starts publishing <paramref name="machines"/> × <paramref name="perMachine"/> readings at <paramref name="rate"/> a second.</summary>
    public static StormPublisher Start(int brokerPort, int machines, int perMachine, int rate, int hotFrom, DateTimeOffset firstReading)
    {
        var peers = Path.Combine(RepositoryPaths.Root, "tests", "peers", "mqtt");
        if (!Directory.Exists(Path.Combine(peers, "node_modules", "mqtt")))
        {
            throw new InvalidOperationException($"MQTT.js is missing in {peers}; deploy/install-deps.sh runs npm ci there.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = peers,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (IEnumerable<object>)["storm-publisher.js", brokerPort, machines, perMachine, rate, hotFrom, firstReading.ToUnixTimeMilliseconds()])
        {
            start.ArgumentList.Add(Convert.ToString(argument, CultureInfo.InvariantCulture)!);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node storm-publisher.js did not start.");
        var publisher = new StormPublisher(process);
        process.OutputDataReceived += (_, e) => publisher.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (publisher._errors)
                {
                    publisher._errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return publisher;
    }

    /// <summary>Waits until the broker has acknowledged at least <paramref name="count"/> readings.</summary>
    public Task WaitForAckedAsync(long count, CancellationToken cancellationToken) =>
        WaitAsync(() => Acked >= count, $"{count} acknowledged readings", cancellationToken);

    /// <summary>Waits until the script has every reading acknowledged and has exited; returns how many it published.</summary>
    public async Task<long> WaitForDoneAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(() => Interlocked.Read(ref _done) >= 0, "the last acknowledgement", cancellationToken).ConfigureAwait(false);
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        Assert.True(_process.ExitCode == 0, $"storm-publisher.js exited with {_process.ExitCode}: {Errors}");
        return Interlocked.Read(ref _done);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    private async Task WaitAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (_process.HasExited && !condition())
            {
                // The exit may race the last stdout line: the streams are drained once WaitForExit returns.
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                Assert.True(condition(), $"storm-publisher.js exited ({_process.ExitCode}) before {what}; acked {Acked}. {Errors}");
                return;
            }

            // The poll interval of a condition wait; the caller's token is its hang guard.
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var parts = line.Split(' ');
        if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (parts[0] == "acked")
            {
                Interlocked.Exchange(ref _acked, n);
            }
            else if (parts[0] == "done")
            {
                Interlocked.Exchange(ref _acked, n);
                Interlocked.Exchange(ref _done, n);
            }
        }
    }
}
