using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// Issue 3's benchmark: one publisher sends JSON telemetry through the benchmark's own mosquitto on loopback; in the
/// same run, for QoS 0 and QoS 1, a reference subscriber, the hub's bare MQTT client and the full telemetry adapter in
/// a real <c>hub run</c> drain them, one at a time, each subscribed before the first publish.
/// </summary>
internal static partial class MqttBenchmark
{
    private const int PublisherInflight = 100;
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AdapterLimit = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "mqtt");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var messages = Path.Combine(folder, "messages.txt");
        var adapterMessages = Path.Combine(folder, "messages-adapter.txt");
        var meanBytes = await TelemetryPayloads.WriteAsync(messages, settings.MqttMessages, cancellationToken).ConfigureAwait(false);
        await TelemetryPayloads.WriteAsync(adapterMessages, settings.MqttAdapterMessages, cancellationToken).ConfigureAwait(false);

        // Another day, so that the warm-up's readings are rows of their own and the timed ones are not duplicates of them.
        var warmupMessages = Path.Combine(folder, "messages-warmup.txt");
        await TelemetryPayloads.WriteAsync(warmupMessages, settings.MqttAdapterWarmup, cancellationToken, day: 21).ConfigureAwait(false);

        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[mqtt] mosquitto on 127.0.0.1:{broker.Port} (pid {broker.ProcessId}); {settings.MqttMessages:N0} messages of {meanBytes:0} bytes");

        // Rounds, each with every subscriber in turn, so that a ratio compares runs minutes apart under the same load
        // and the medians over rounds smooth out what the shared machine does meanwhile.
        var runs = new List<SubscriberRun>();
        for (var round = 1; round <= settings.MqttRounds; round++)
        {
            foreach (var qos in new[] { 0, 1 })
            {
                List<Func<Task<SubscriberRun>>> steps =
                [
                    () => ReferenceAsync(settings, broker, qos, round, messages, settings.MqttMessages, cancellationToken),
                    () => BareAsync(settings, broker, qos, round, messages, settings.MqttMessages, cancellationToken),
                    () => AdapterAsync(settings, broker, qos, round, adapterMessages, null, folder, cancellationToken),
                ];
                if (settings.MqttAdapterWarmup > 0)
                {
                    steps.Add(() => AdapterAsync(settings, broker, qos, round, adapterMessages, warmupMessages, folder, cancellationToken));
                }

                foreach (var step in steps)
                {
                    var run = await step().ConfigureAwait(false) with { Round = round };
                    Console.Error.WriteLine(Describe(run).Replace("[mqtt] ", $"[mqtt] round {round}: ", StringComparison.Ordinal));
                    runs.Add(run);
                }
            }
        }

        // QoS 1 again, with the publisher out of the way: the broker queues every message for a persistent session
        // while the subscriber is away, then the subscriber resumes the session and drains the queue.
        foreach (var step in new Func<Task<SubscriberRun>>[]
        {
            () => QueuedAsync("reference: MQTT.js", mode => NodeSubscriber(settings, broker, "bench-ref-queued", mode), "bench-ref-queued", settings, broker, messages, cancellationToken),
            () => QueuedAsync("bare hub client", mode => BareSubscriberStart(settings, broker, "bench-bare-queued", 1, mode), "bench-bare-queued", settings, broker, messages, cancellationToken),
        })
        {
            var run = await step().ConfigureAwait(false);
            Console.Error.WriteLine(Describe(run));
            runs.Add(run);
        }

        var stages = await ChildProcess.ReportAsync(
            ChildProcess.Self(["task", "mqtt-stages", adapterMessages, Path.Combine(folder, "stages"), settings.MappingsFolder], settings.ChildEnvironment),
            StepLimit, cancellationToken).ConfigureAwait(false);
        List<string> soak = [.. stages, ""];
        if (settings.MqttSoakSeconds > 0)
        {
            soak.AddRange(await AdapterSoakAsync(settings, broker, folder, cancellationToken).ConfigureAwait(false));
            soak.Add("");
        }

        if ((settings.MqttBareSoakSeconds ?? settings.MqttSoakSeconds) is > 0 and var bareSeconds)
        {
            soak.AddRange(await SoakAsync(settings, broker, messages, bareSeconds, cancellationToken).ConfigureAwait(false));
        }

        if (soak.Count == stages.Count + 1)
        {
            soak.Add("No soak in this run (`--soak SECONDS` adds one: steady QoS 1 load on the full adapter, then on the bare client, resident memory sampled every 10 s).");
        }

        return Report(settings, meanBytes, runs, soak);
    }

    /// <summary><c>mosquitto_sub -C N</c> at QoS 0 (timestamps each message with <c>-F %U</c>), MQTT.js at QoS 1.</summary>
    private static async Task<SubscriberRun> ReferenceAsync(
        BenchSettings settings, Mosquitto broker, int qos, int round, string messages, int count, CancellationToken cancellationToken)
    {
        var clientId = ClientId("bench-ref", qos, round);
        var port = broker.Port.ToString(CultureInfo.InvariantCulture);
        if (qos == 0)
        {
            // One "seconds.nanoseconds" line per message, taken when mosquitto_sub received it, written to a file so
            // that nothing of ours reads its output while it runs. The shell's `times` then gives its CPU time.
            var times = Path.Combine(Path.GetDirectoryName(messages)!, "mosquitto_sub-times.txt");
            var cpu = Path.Combine(Path.GetDirectoryName(messages)!, "mosquitto_sub-cpu.txt");
            await using var sub = BackgroundProcess.Start(ChildProcess.Program("sh", "-c",
                "mosquitto_sub -h 127.0.0.1 -p \"$1\" -i \"$2\" -q 0 -t \"$3\" -C \"$4\" -F %U > \"$5\"; times > \"$6\"",
                "sh", port, clientId, TelemetryPayloads.Filter, count.ToString(CultureInfo.InvariantCulture), times, cpu));
            await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
            var publisherSeconds = await PublishAsync(settings, broker, qos, messages, cancellationToken).ConfigureAwait(false);
            var complete = await sub.WaitForExitAsync(StepLimit, cancellationToken).ConfigureAwait(false);
            var lines = (await File.ReadAllLinesAsync(times, cancellationToken).ConfigureAwait(false)).Where(l => l.Length > 0).ToList();
            var seconds = lines.Count < 2
                ? double.NaN
                : (double)(decimal.Parse(lines[^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
                    - decimal.Parse(lines[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
            return new SubscriberRun("reference: mosquitto_sub", qos, count, lines.Count, seconds, double.NaN, publisherSeconds,
                complete ? null : "incomplete within " + StepLimit)
            {
                CpuSeconds = complete ? ShellTimes.ChildrenCpuSeconds(await File.ReadAllTextAsync(cpu, cancellationToken).ConfigureAwait(false)) : double.NaN,
            };
        }

        var start = NodeSubscriber(settings, broker, clientId, "live");
        return await MeasuredSubscriberAsync("reference: MQTT.js", start, clientId, settings, broker, qos, messages, count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The hub's MQTT client alone, in a child process of this benchmark.</summary>
    private static Task<SubscriberRun> BareAsync(
        BenchSettings settings, Mosquitto broker, int qos, int round, string messages, int count, CancellationToken cancellationToken)
    {
        var clientId = ClientId("bench-bare", qos, round);
        var start = BareSubscriberStart(settings, broker, clientId, qos, "live");
        return MeasuredSubscriberAsync("bare hub client", start, clientId, settings, broker, qos, messages, count, cancellationToken);
    }

    private static ProcessStartInfo NodeSubscriber(BenchSettings settings, Mosquitto broker, string clientId, string mode)
    {
        var start = ChildProcess.Program("node", Path.Combine(settings.ScriptsFolder, "subscribe.js"), broker.Port.ToString(CultureInfo.InvariantCulture),
            TelemetryPayloads.Filter, "1", settings.MqttMessages.ToString(CultureInfo.InvariantCulture), clientId,
            StepLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture), mode);
        start.Environment["NODE_PATH"] = settings.NodeModules;
        return start;
    }

    private static ProcessStartInfo BareSubscriberStart(BenchSettings settings, Mosquitto broker, string clientId, int qos, string mode) => ChildProcess.Self(
        ["task", "mqtt-bare", mode, clientId, broker.Port.ToString(CultureInfo.InvariantCulture), TelemetryPayloads.Filter, qos.ToString(CultureInfo.InvariantCulture),
            settings.MqttMessages.ToString(CultureInfo.InvariantCulture), StepLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
        settings.ChildEnvironment);

    /// <summary>Subscribes with a persistent session and leaves, publishes every message at QoS 1, then resumes the session and drains.</summary>
    private static async Task<SubscriberRun> QueuedAsync(
        string name, Func<string, ProcessStartInfo> start, string clientId, BenchSettings settings, Mosquitto broker, string messages,
        CancellationToken cancellationToken)
    {
        await using (var prepare = BackgroundProcess.Start(start("prepare")))
        {
            if (!await prepare.WaitForExitAsync(ReadyLimit, cancellationToken).ConfigureAwait(false) || prepare.ExitCode != 0)
            {
                throw new InvalidOperationException($"{name}: subscribing with a persistent session failed.");
            }
        }

        await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
        var publisherSeconds = await PublishAsync(settings, broker, 1, messages, cancellationToken).ConfigureAwait(false);
        await using var drain = BackgroundProcess.Start(start("drain"));
        var complete = await drain.WaitForExitAsync(StepLimit, cancellationToken).ConfigureAwait(false);
        return Measured(name, drain, complete, 1, settings.MqttMessages, publisherSeconds) with { Mode = "queued" };
    }

    /// <summary>A subscriber that prints a <see cref="TaskMeasurement"/> line when it has received every message.</summary>
    private static async Task<SubscriberRun> MeasuredSubscriberAsync(
        string name, ProcessStartInfo start, string clientId, BenchSettings settings, Mosquitto broker, int qos, string messages, int count,
        CancellationToken cancellationToken)
    {
        await using var sub = BackgroundProcess.Start(start);
        await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
        var publisherSeconds = await PublishAsync(settings, broker, qos, messages, cancellationToken).ConfigureAwait(false);
        var complete = await sub.WaitForExitAsync(StepLimit, cancellationToken).ConfigureAwait(false);
        return Measured(name, sub, complete, qos, count, publisherSeconds);
    }

    private static SubscriberRun Measured(string name, BackgroundProcess sub, bool complete, int qos, int count, double publisherSeconds)
    {
        var measured = sub.Lines().Select(TaskMeasurement.TryParse).LastOrDefault(m => m is not null);
        if (measured is null)
        {
            return new SubscriberRun(name, qos, count, 0, double.NaN, double.NaN, publisherSeconds,
                complete ? $"exited with code {sub.ExitCode} without a measurement" : "no measurement within " + StepLimit);
        }

        return new SubscriberRun(name, qos, count, measured.Rows, measured.Seconds, measured.PeakMiB, publisherSeconds, measured.Note)
        {
            CpuSeconds = measured.CpuSeconds ?? double.NaN,
        };
    }

    // One client id per subscriber, QoS and round: the broker's log, in which the harness waits for a subscription,
    // must not answer with an earlier round's line.
    private static string ClientId(string subscriber, int qos, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"{subscriber}-q{qos}-r{round}");

    /// <summary>The settings of a <c>hub run</c> whose telemetry adapter subscribes to the benchmark's topic, with a fresh SQLite store in <paramref name="data"/>.</summary>
    private static string[] HubSettings(BenchSettings settings, Mosquitto broker, string clientId, string data, int qos) =>
        MqttHub.Settings(settings, data, broker, clientId, qos == 0 ? "AtMostOnce" : "AtLeastOnce");

    /// <summary>
    /// Publishes the lines of <paramref name="messages"/>: <c>mosquitto_pub -l</c> at QoS 0 (it loses messages at QoS 1
    /// when its input ends), MQTT.js with 100 in flight at QoS 1. Returns the publisher's wall time in seconds.
    /// </summary>
    private static async Task<double> PublishAsync(BenchSettings settings, Mosquitto broker, int qos, string messages, CancellationToken cancellationToken)
    {
        var port = broker.Port.ToString(CultureInfo.InvariantCulture);
        ProcessStartInfo start;
        if (qos == 0)
        {
            start = ChildProcess.Program("sh", "-c", "exec mosquitto_pub -h 127.0.0.1 -p \"$1\" -q 0 -t \"$2\" -l < \"$3\"", "sh", port, TelemetryPayloads.Topic, messages);
        }
        else
        {
            start = ChildProcess.Program("node", Path.Combine(settings.ScriptsFolder, "publish.js"), port, TelemetryPayloads.Topic, "1", messages,
                PublisherInflight.ToString(CultureInfo.InvariantCulture), StepLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            start.Environment["NODE_PATH"] = settings.NodeModules;
        }

        var started = Stopwatch.GetTimestamp();
        await using var publisher = BackgroundProcess.Start(start);
        if (!await publisher.WaitForExitAsync(StepLimit, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"The QoS {qos} publisher did not finish within {StepLimit}.");
        }

        if (publisher.ExitCode != 0)
        {
            throw new InvalidOperationException($"The QoS {qos} publisher exited with code {publisher.ExitCode}.");
        }

        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<AdapterCounts> ReadCountsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var json = await http.GetStringAsync(new Uri("/health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(json);
        var counts = HealthJson.FindAdapterCounts(document.RootElement, "mqtt")
            ?? throw new InvalidOperationException("/health has no adapter named mqtt: " + json);
        return new AdapterCounts(HealthJson.Count(counts, "messagesIn"), HealthJson.Count(counts, "readingsStored"), HealthJson.Count(counts, "deadLetters"));
    }

    private static string Describe(SubscriberRun run) => string.Create(CultureInfo.InvariantCulture,
        $"[mqtt] QoS {run.QoS} {run.Subscriber}: {run.Received:N0}/{run.Sent:N0} in {run.Seconds:0.000} s = {run.PerSecond:N0}/s, peak {run.PeakMiB:0.0} MiB, publisher {run.PublisherPerSecond:N0}/s{(run.Note is null ? "" : "; " + run.Note)}");

    private sealed record AdapterCounts(long MessagesIn, long ReadingsStored, long DeadLetters);
}
