using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>The soak and the results table of the mqtt benchmark.</summary>
internal static partial class MqttBenchmark
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Steady QoS 1 load on the bare client for <see cref="BenchSettings.MqttBareSoakSeconds"/>: the message file published
    /// again and again by MQTT.js, the client's resident memory (VmRSS) sampled every 10 s.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SoakAsync(BenchSettings settings, Mosquitto broker, string messages, int seconds, CancellationToken cancellationToken)
    {
        const string ClientId = "bench-bare-soak";
        var soak = TimeSpan.FromSeconds(seconds);
        Console.Error.WriteLine($"[mqtt] soak: {soak.TotalSeconds:0} s of QoS 1 load on the bare client");
        var start = ChildProcess.Self(
            ["task", "mqtt-bare", "live", ClientId, broker.Port.ToString(CultureInfo.InvariantCulture), TelemetryPayloads.Filter, "1",
                long.MaxValue.ToString(CultureInfo.InvariantCulture), (soak + StepLimit).TotalSeconds.ToString(CultureInfo.InvariantCulture)],
            settings.ChildEnvironment);
        await using var bare = BackgroundProcess.Start(start);
        await broker.WaitForSubscriptionAsync(ClientId, ReadyLimit, cancellationToken).ConfigureAwait(false);

        var samples = new List<(double Seconds, double ResidentMiB)>();
        var started = Stopwatch.GetTimestamp();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleEvery);
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
            {
                samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, bare.ResidentMiB()));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[mqtt] soak {samples[^1].Seconds:0} s: RSS {samples[^1].ResidentMiB:0.0} MiB"));
            }
        }, CancellationToken.None);

        long published = 0;
        double publishSeconds = 0;
        while (Stopwatch.GetElapsedTime(started) < soak)
        {
            publishSeconds += await PublishAsync(settings, broker, 1, messages, cancellationToken).ConfigureAwait(false);
            published += settings.MqttMessages;
        }

        await sampling.CancelAsync().ConfigureAwait(false);
        try
        {
            await sampler.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var peak = bare.PeakMiB();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await bare.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return MemoryTable(string.Create(CultureInfo.InvariantCulture,
            $"#### Soak: bare client, QoS 1, {elapsed:0} s of steady load ({published:N0} messages published, about {published / publishSeconds:N0}/s)"), samples, peak);
    }

    /// <summary>A soak's heading, its RSS samples as a table, and first / last / lowest / highest / peak.</summary>
    private static List<string> MemoryTable(string heading, IReadOnlyList<(double Seconds, double ResidentMiB)> samples, double peak)
    {
        var i = CultureInfo.InvariantCulture;
        var resident = samples.Select(s => s.ResidentMiB).ToList();
        return
        [
            heading,
            "",
            "| seconds | " + string.Join(" | ", samples.Select(s => s.Seconds.ToString("0", i))) + " |",
            "|---|" + string.Concat(samples.Select(_ => "---:|")),
            "| RSS MiB | " + string.Join(" | ", resident.Select(r => r.ToString("0.0", i))) + " |",
            "",
            resident.Count < 2
                ? "Too short for a trend."
                : string.Create(i, $"RSS first sample {resident[0]:0.0} MiB, last {resident[^1]:0.0} MiB, lowest {resident.Min():0.0}, highest {resident.Max():0.0}; peak (VmHWM) {peak:0.0} MiB."),
        ];
    }

    private static string Each(IEnumerable<double> ratios) => string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));

    private static IReadOnlyList<string> Report(
        BenchSettings settings, double meanBytes, IReadOnlyList<SubscriberRun> runs, IReadOnlyList<HubVariant> variants, IReadOnlyList<string> soak)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### MQTT: {settings.MqttMessages:N0} JSON telemetry messages of about {meanBytes:0} bytes through mosquitto on loopback, per QoS"),
            "",
            string.Create(i, $"One publisher (QoS 0: `mosquitto_pub -l`; QoS 1: MQTT.js, {PublisherInflight} in flight); one subscriber at a time, subscribed (seen in the broker's log) before the first publish."),
            "Subscribers: three references whose message handler only counts, with default options but for MQTT 5.0 (MQTTnet 5.2, the card's own client library, in a .NET child process; a C program on Debian's libmosquitto, `bench/mqtt/c-subscriber.c`, built by the benchmark; MQTT.js 5 under node), the hub's bare client (`Adapters/Mqtt/Client`, a handler that only counts), and the full telemetry adapter in a real `hub run` with its SQLite store.",
            "Mode live: subscribed while the publisher sends (a subscriber cannot drain faster than the publisher sends: where their rates are close, the publisher was the bound). Mode queued: the broker first queued every message at QoS 1 for the subscriber's persistent session (MQTT 5, session expiry 1 h) while it was away, then it resumed the session and drained the queue with no publisher running: the publisher's share of the two cores is out.",
            string.Create(i, $"Clients: messages/s from the first to the last message received, on their own clock. Adapter, live: from the first publish until /health counts every reading stored ({settings.MqttAdapterMessages:N0} messages); queued: a freshly started `hub run` (cold start: the JIT compiles while it drains) timed from the broker logging its connection until /health counts every reading stored; its start-up is outside the time (the column 'from process start' has it inside)."),
            string.Create(i, $"{settings.MqttRounds} round(s), each running every subscriber in turn. Every ratio is taken within a round and the summary gives the median of the per-round ratios. Load: the 1-minute load average before the run; above {RunLoad.NoisyAbove} the run is marked NOISY and is not a quiet figure."),
            "CPU: user + system seconds of the subscriber's process (/proc/<pid>/stat for the C program, process.cpuUsage() for MQTT.js, the process's TotalProcessorTime for the .NET clients; start-up included) and for the adapter the hub process's over the timed window; per 100,000 messages received.",
            "",
            "| round | load | QoS | mode | subscriber | received / sent | seconds | messages/s | / bare client | CPU s | CPU s per 100,000 | peak RSS MiB | publisher messages/s | note |",
            "|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ];
        foreach (var run in runs)
        {
            var bare = BareOf(runs, run);
            var cpu = double.IsNaN(run.CpuSeconds) ? run.HubCpuSeconds : run.CpuSeconds;
            var note = double.IsNaN(run.SecondsFromProcessStart) ? run.Note : string.Create(i, $"{run.SecondsFromProcessStart:0.000} s from process start; {run.Note}");
            lines.Add(string.Create(i,
                $"| {run.Round} | {RunLoad.Mark(run.Load)} | {run.QoS} | {run.Mode} | {run.Subscriber} | {run.Received:N0} / {run.Sent:N0} | {run.Seconds:0.000} | {run.PerSecond:N0} | {(bare is null ? "" : (run.PerSecond / bare.PerSecond).ToString("0.00", i))} | {(double.IsNaN(cpu) ? "" : cpu.ToString("0.00", i))} | {(double.IsNaN(cpu) ? "" : run.CpuPer100k.ToString("0.00", i))} | {(double.IsNaN(run.PeakMiB) ? "" : run.PeakMiB.ToString("0.0", i))} | {(run.Mode == "queued" ? "(before)" : run.PublisherPerSecond.ToString("N0", i))} | {note} |"));
        }

        lines.Add("");
        lines.AddRange(Summary(runs, variants));
        lines.Add("");
        lines.Add(RunLoad.Summary(runs.Select(r => r.Load)));
        if (runs.Any(r => r.Received < r.Sent))
        {
            lines.Add("**WARNING: a subscriber did not receive every message; its figures are suspect (see the notes).**");
        }

        lines.Add("");
        lines.AddRange(soak);
        return lines;
    }

    // The bare client's run of the same round, QoS and mode: the yardstick of every ratio in the table.
    private static SubscriberRun? BareOf(IReadOnlyList<SubscriberRun> runs, SubscriberRun run) =>
        runs.FirstOrDefault(r => r.Subscriber == "bare hub client" && r.QoS == run.QoS && r.Mode == run.Mode && r.Round == run.Round);
}
