using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>The telemetry adapter draining a queued QoS 1 session from a cold start (issue 20 items 2 and 3).</summary>
internal static partial class MqttBenchmark
{
    /// <summary>
    /// A first <c>hub run</c> (fresh SQLite data folder, persistent session of 1 h) subscribes and stops; every message
    /// is published at QoS 1 while it is away, so the broker queues them for its session; then a second, freshly started
    /// <c>hub run</c> of <paramref name="variant"/> on the same data folder resumes the session and drains the queue. The
    /// clock starts when the broker logs the second connection (the queued messages flow from then on: the hub's start-up
    /// before it is outside, its JIT while draining inside, as in a hub restarted on a site) and stops when /health counts
    /// every reading stored (polled every 50 ms). The hub's CPU is taken over the same window from /proc.
    /// </summary>
    private static async Task<SubscriberRun> AdapterDrainAsync(
        BenchSettings settings, Mosquitto broker, int round, string messages, string folder, HubVariant variant, CancellationToken cancellationToken)
    {
        var count = settings.MqttMessages;
        var clientId = ClientId("bench-hub-drain-" + variant.Name, 1, round);
        var data = Path.Combine(folder, clientId);
        Directory.CreateDirectory(data);
        string[] hubSettings = [.. HubSettings(settings, broker, clientId, data, 1), "--Hub:Mqtt:SessionExpiry=01:00:00"];
        await using (var first = await HubServer.StartAsync(variant.Executable, hubSettings, Path.Combine(folder, clientId + "-prepare.log"), cancellationToken, variant.Environment)
            .ConfigureAwait(false))
        {
            await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
        }

        var publisherSeconds = await PublishAsync(settings, broker, 1, messages, cancellationToken).ConfigureAwait(false);
        var connections = broker.ConnectionsOf(clientId);
        var processStarted = Stopwatch.GetTimestamp();
        // The hub's CPU is sampled the moment the broker logs its connection (a few milliseconds late at most), while
        // HubServer still waits for /health/live: its start-up before that moment is outside, as it is for the clock.
        var pid = 0;
        var connecting = Task.Run(
            async () =>
            {
                var at = await broker.WaitForConnectionAsync(clientId, connections, ReadyLimit, cancellationToken).ConfigureAwait(false);
                return (At: at, Cpu: ProcessCpu.SecondsOf(Volatile.Read(ref pid)));
            },
            cancellationToken);
        var server = await HubServer.StartAsync(
            variant.Executable, hubSettings, Path.Combine(folder, clientId + ".log"), cancellationToken, variant.Environment, p => Volatile.Write(ref pid, p))
            .ConfigureAwait(false);
        try
        {
            return await TimeDrainAsync(server, connecting, processStarted, count, publisherSeconds, variant, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
            await ForgetSessionAsync(broker, clientId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<SubscriberRun> TimeDrainAsync(
        HubServer server, Task<(long At, double Cpu)> connecting, long processStarted, int count, double publisherSeconds, HubVariant variant, CancellationToken cancellationToken)
    {
        var (started, hubCpu) = await connecting.ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = started + (long)(Stopwatch.Frequency * AdapterLimit.TotalSeconds);
        AdapterCounts counts;
        long lastStored = -1, lastProgress = started;
        var progress = new List<(double Seconds, long Stored)>();
        while (true)
        {
            counts = await ReadCountsAsync(http, cancellationToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            progress.Add((Stopwatch.GetElapsedTime(started, now).TotalSeconds, counts.ReadingsStored));
            if (counts.ReadingsStored >= count || now > deadline)
            {
                break;
            }

            if (counts.ReadingsStored != lastStored)
            {
                (lastStored, lastProgress) = (counts.ReadingsStored, now);
            }
            else if (Stopwatch.GetElapsedTime(lastProgress, now) > TimeSpan.FromSeconds(15))
            {
                break;
            }

            // A poll interval inside a condition wait with a deadline and a stall limit.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var ended = Stopwatch.GetTimestamp();
        hubCpu = ProcessCpu.SecondsOf(server.ProcessId) - hubCpu;
        var peak = server.PeakMiB();
        var note = string.Create(CultureInfo.InvariantCulture, $"messagesIn {counts.MessagesIn:N0}, readingsStored {counts.ReadingsStored:N0}, deadLetters {counts.DeadLetters:N0}; {DrainProfile.Describe(progress, count)}");
        if (counts.ReadingsStored < count)
        {
            note = "INCOMPLETE: " + note;
        }

        return new SubscriberRun($"full telemetry adapter (`hub run`, cold start, {variant.Name})", 1, count, counts.ReadingsStored,
            Stopwatch.GetElapsedTime(started, ended).TotalSeconds, peak, publisherSeconds, note, Mode: "queued")
        {
            Store = "SQLite", HubCpuSeconds = hubCpu, Variant = variant.Name, SecondsFromProcessStart = Stopwatch.GetElapsedTime(processStarted, ended).TotalSeconds,
        };
    }
}
