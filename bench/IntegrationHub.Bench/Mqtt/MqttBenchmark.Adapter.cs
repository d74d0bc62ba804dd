using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>The full telemetry adapter in a real <c>hub run</c>, on either store (moved out of MqttBenchmark.cs, which reached 400 lines).</summary>
internal static partial class MqttBenchmark
{
    /// <summary>
    /// The full telemetry adapter in a real <c>hub run</c> with a fresh store (SQLite in its data folder unless
    /// <paramref name="store"/> says otherwise) and the demo mappings: the time from the first publish until /health
    /// counts every reading stored (polled every 100 ms). The CPU time of the hub, and on PostgreSQL of the backends
    /// serving it, is taken over the same window.
    /// </summary>
    private static async Task<SubscriberRun> AdapterAsync(
        BenchSettings settings, Mosquitto broker, int qos, int round, string messages, string? warmupMessages, string folder, CancellationToken cancellationToken,
        BenchStore? store = null)
    {
        store ??= BenchStore.Sqlite;
        var count = settings.MqttAdapterMessages;
        var warm = warmupMessages is not null;
        var clientId = ClientId((warm ? "bench-hub-warm" : "bench-hub") + (store.IsPostgreSql ? "-pg" : ""), qos, round);
        var data = Path.Combine(folder, clientId);
        Directory.CreateDirectory(data);

        // No session left behind: a hub's persistent session would make the broker queue every later QoS 1 message for
        // it, loading the broker during the steps that follow.
        string[] hubSettings = [.. HubSettings(settings, broker, clientId, data, qos), "--Hub:Mqtt:SessionExpiry=00:00:00", .. store.HubArguments];
        await using var server = await HubServer.StartAsync(settings.HubExecutable, hubSettings, Path.Combine(folder, clientId + ".log"), cancellationToken, store.Environment)
            .ConfigureAwait(false);
        await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        long baseline = 0;
        if (warm)
        {
            // A hub runs for months: its steady state, past the JIT's first seconds, is what it does in service.
            await PublishAsync(settings, broker, qos, warmupMessages!, cancellationToken).ConfigureAwait(false);
            var warmDeadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * AdapterLimit.TotalSeconds);
            while ((baseline = (await ReadCountsAsync(http, cancellationToken).ConfigureAwait(false)).ReadingsStored) < settings.MqttAdapterWarmup
                && Stopwatch.GetTimestamp() < warmDeadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            // A pause, so that the tiered JIT's work on the warm-up's code is not inside the timed run either.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }

        var hubCpu = ProcessCpu.SecondsOf(server.ProcessId);
        var backendCpu = store.IsPostgreSql ? await store.BackendCpuSecondsAsync(cancellationToken).ConfigureAwait(false) : 0;
        var started = Stopwatch.GetTimestamp();
        var publishing = PublishAsync(settings, broker, qos, messages, cancellationToken);
        var deadline = started + (long)(Stopwatch.Frequency * AdapterLimit.TotalSeconds);
        AdapterCounts counts = new(0, 0, 0);
        long lastProgress = started;
        long lastStored = -1;
        while (true)
        {
            counts = await ReadCountsAsync(http, cancellationToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            if (counts.ReadingsStored - baseline >= count || now > deadline)
            {
                break;
            }

            if (counts.ReadingsStored != lastStored)
            {
                lastStored = counts.ReadingsStored;
                lastProgress = now;
            }
            else if (publishing.IsCompleted && Stopwatch.GetElapsedTime(lastProgress, now) > TimeSpan.FromSeconds(15))
            {
                break;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        hubCpu = ProcessCpu.SecondsOf(server.ProcessId) - hubCpu;
        backendCpu = store.IsPostgreSql ? await store.BackendCpuSecondsAsync(cancellationToken).ConfigureAwait(false) - backendCpu : double.NaN;
        var publisherSeconds = await publishing.ConfigureAwait(false);
        var peak = server.PeakMiB();
        var note = string.Create(CultureInfo.InvariantCulture, $"messagesIn {counts.MessagesIn:N0}, readingsStored {counts.ReadingsStored:N0}, deadLetters {counts.DeadLetters:N0}");
        if (counts.ReadingsStored - baseline < count)
        {
            note = "INCOMPLETE: " + note;
        }

        if (warm && baseline < settings.MqttAdapterWarmup)
        {
            note = string.Create(CultureInfo.InvariantCulture, $"WARM-UP INCOMPLETE ({baseline:N0} stored): {note}");
        }

        var name = warm
            ? string.Create(CultureInfo.InvariantCulture, $"full telemetry adapter (`hub run`, after {settings.MqttAdapterWarmup:N0} warm-up messages)")
            : "full telemetry adapter (`hub run`)";
        return new SubscriberRun(name, qos, count, counts.ReadingsStored - baseline, seconds, peak, publisherSeconds, note)
        {
            Store = store.Name, HubCpuSeconds = hubCpu, BackendCpuSeconds = backendCpu,
        };
    }
}
