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

    // The reference run of the same round, QoS and mode (the queued pair has a round of its own).
    private static SubscriberRun ReferenceOf(IReadOnlyList<SubscriberRun> runs, SubscriberRun run) =>
        runs.First(r => r.QoS == run.QoS && r.Mode == run.Mode && r.Round == run.Round);

    private static string Each(IEnumerable<double> ratios) => string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));

    private static IReadOnlyList<string> Report(BenchSettings settings, double meanBytes, IReadOnlyList<SubscriberRun> runs, IReadOnlyList<string> soak)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### MQTT: {settings.MqttMessages:N0} JSON telemetry messages of about {meanBytes:0} bytes through mosquitto on loopback, per QoS"),
            "",
            string.Create(i, $"One publisher (QoS 0: `mosquitto_pub -l`; QoS 1: MQTT.js, {PublisherInflight} in flight); one subscriber at a time, subscribed (seen in the broker's log) before the first publish."),
            "Reference and bare client: messages/s from the first to the last message received. Mode live: subscribed while the publisher sends; queued: the broker first queued every message for the subscriber's persistent session (MQTT 5, session expiry 1 h), which it then resumed and drained.",
            string.Create(i, $"The full adapter gets {settings.MqttAdapterMessages:N0} messages and is timed from the first publish until /health counts every reading stored: once from a cold start (the JIT compiles while it drains), and{(settings.MqttAdapterWarmup > 0 ? string.Create(i, $" once in a hub that first stored {settings.MqttAdapterWarmup:N0} warm-up messages (of another day), as a hub in service has") : " (no warm run: --adapter-warmup 0)")}."),
            string.Create(i, $"{settings.MqttRounds} round(s), each running every live subscriber in turn; a ratio compares a run with the reference of its own round, and the summary gives the median over rounds."),
            "",
            "| round | QoS | subscriber | mode | received / sent | seconds | messages/s | ratio to reference | CPU s | peak RSS MiB | publisher messages/s | note |",
            "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ];
        foreach (var run in runs)
        {
            var reference = ReferenceOf(runs, run);
            lines.Add(string.Create(i,
                $"| {run.Round} | {run.QoS} | {run.Subscriber} | {run.Mode} | {run.Received:N0} / {run.Sent:N0} | {run.Seconds:0.000} | {run.PerSecond:N0} | {run.PerSecond / reference.PerSecond:0.00} | {(double.IsNaN(run.CpuSeconds) ? "" : run.CpuSeconds.ToString("0.00", i))} | {(double.IsNaN(run.PeakMiB) ? "" : run.PeakMiB.ToString("0.0", i))} | {run.PublisherPerSecond:N0} | {run.Note} |"));
        }

        lines.Add("");
        foreach (var qos in new[] { 0, 1 })
        {
            var live = runs.Where(r => r.QoS == qos && r.Mode == "live").ToList();
            var bare = live.Where(r => r.Subscriber.StartsWith("bare", StringComparison.Ordinal)).ToList();
            var allAdapters = live.Where(r => r.Subscriber.StartsWith("full", StringComparison.Ordinal)).ToList();
            var cold = allAdapters.Where(r => !r.Subscriber.Contains("warm-up", StringComparison.Ordinal)).ToList();
            var warm = allAdapters.Where(r => r.Subscriber.Contains("warm-up", StringComparison.Ordinal)).ToList();

            // The aim is judged on the hub in service (warm) when there is a warm run, and on the cold start otherwise.
            var adapter = warm.Count > 0 ? warm : cold;
            var bareRatios = bare.Select(r => r.PerSecond / ReferenceOf(runs, r).PerSecond).ToList();
            var adapterRatios = adapter.Select(r => r.PerSecond / ReferenceOf(runs, r).PerSecond).ToList();
            var coldRatios = cold.Select(r => r.PerSecond / ReferenceOf(runs, r).PerSecond).ToList();
            var bareRatio = Stats.Median(bareRatios);
            var adapterRatio = Stats.Median(adapterRatios);
            var coldNote = warm.Count > 0 && coldRatios.Count > 0
                ? string.Create(i, $" (warm; from a cold start {Stats.Median(coldRatios):0.00}, median of {Each(coldRatios)})")
                : string.Empty;
            var cpuRatios = bare.Select(r => r.CpuSeconds / ReferenceOf(runs, r).CpuSeconds).Where(double.IsFinite).ToList();
            lines.Add(string.Create(i,
                $"QoS {qos}: **bare / reference {bareRatio:0.00}** (median of {Each(bareRatios)}; aim >= 1.0: {(bareRatio >= 1.0 ? "met" : "missed")}), **adapter / reference {adapterRatio:0.00}** (median of {Each(adapterRatios)}; aim >= 0.5: {(adapterRatio >= 0.5 ? "met" : "missed")}){coldNote}; peak RSS bare client {bare.Max(r => r.PeakMiB):0.0} MiB, hub {allAdapters.Max(r => r.PeakMiB):0.0} MiB{(cpuRatios.Count == 0 ? "" : string.Create(i, $"; CPU time bare / reference {Stats.Median(cpuRatios):0.00} (median of {Each(cpuRatios)})"))}."));
        }

        if (runs.Where(r => r.Mode == "queued").ToList() is [var queuedReference, var queuedBare])
        {
            lines.Add(string.Create(i,
                $"QoS 1 queued (every message queued by the broker for a persistent session, then drained; the publisher is not the bound): **bare / reference {queuedBare.PerSecond / queuedReference.PerSecond:0.00}**; CPU time bare / reference {queuedBare.CpuSeconds / queuedReference.CpuSeconds:0.00}."));
        }

        lines.Add("");
        lines.Add("Publisher messages/s is its wall time, start-up included. mosquitto_sub's peak memory is not taken (it exits at once when done).");
        lines.Add("CPU s: the subscriber process's user + system time over its whole run, start-up included (mosquitto_sub: the shell's `times`; MQTT.js: process.cpuUsage(); bare client: its process's TotalProcessorTime); not taken for the adapter, whose process also stores and serves.");
        lines.Add("A subscriber cannot drain faster than the publisher sends: where a subscriber's rate is close to the publisher's, the publisher (sharing the same cores) was the bound, not the subscriber.");
        if (runs.Any(r => r.Received < r.Sent))
        {
            lines.Add("**WARNING: a subscriber did not receive every message; its figures are suspect (see the notes).**");
        }

        lines.Add("");
        lines.AddRange(soak);
        return lines;
    }
}
