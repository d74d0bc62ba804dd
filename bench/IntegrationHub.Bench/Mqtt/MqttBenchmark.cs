using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// Issue 3's benchmark, with issue 20's fair references: one publisher sends JSON telemetry through the benchmark's own
/// mosquitto on loopback; in each round, for QoS 0 and QoS 1, three reference subscribers that only count (MQTTnet 5.2,
/// a C program on libmosquitto, MQTT.js), the hub's bare MQTT client and the full telemetry adapter in a real
/// <c>hub run</c> take them, one at a time, each subscribed before the first publish; then every one of them drains
/// the same 200,000 QoS 1 messages queued by the broker for its persistent session, the adapter from a cold start.
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

        var cSubscriber = await BuildCSubscriberAsync(settings, cancellationToken).ConfigureAwait(false);
        var variants = await HubVariantsAsync(settings, cancellationToken).ConfigureAwait(false);
        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[mqtt] mosquitto on 127.0.0.1:{broker.Port} (pid {broker.ProcessId}); {settings.MqttMessages:N0} messages of {meanBytes:0} bytes");
        var subscribers = Subscribers(settings, broker, cSubscriber);

        // Rounds, each with every subscriber in turn, so that a ratio compares runs minutes apart under the same load
        // and the median of the per-round ratios smooths out what the shared machine does meanwhile (issue 20 item 3).
        var runs = new List<SubscriberRun>();
        async Task StepAsync(int round, Func<Task<SubscriberRun>> step)
        {
            // The 1-minute load average before each run, written beside it; above 1.5 the run is marked NOISY.
            var load = RunLoad.AfterSettling();
            var run = await step().ConfigureAwait(false) with { Round = round, Load = load };
            Console.Error.WriteLine(Describe(run).Replace("[mqtt] ", $"[mqtt] round {round}: ", StringComparison.Ordinal));
            runs.Add(run);
        }

        for (var round = 1; round <= settings.MqttRounds; round++)
        {
            foreach (var qos in new[] { 0, 1 })
            {
                foreach (var subscriber in subscribers)
                {
                    var clientId = ClientId("bench-" + subscriber.Key, qos, round);
                    await StepAsync(round, () => MeasuredSubscriberAsync(
                        subscriber.Name, subscriber.Start(clientId, qos, "live"), clientId, settings, broker, qos, messages, settings.MqttMessages, cancellationToken)).ConfigureAwait(false);
                }

                await StepAsync(round, () => AdapterAsync(settings, broker, qos, round, adapterMessages, null, folder, cancellationToken)).ConfigureAwait(false);
                if (settings.MqttAdapterWarmup > 0)
                {
                    await StepAsync(round, () => AdapterAsync(settings, broker, qos, round, adapterMessages, warmupMessages, folder, cancellationToken)).ConfigureAwait(false);
                }
            }

            // QoS 1 again, with the publisher out of the way: the broker queues every message for a persistent session
            // while the subscriber is away, then the subscriber resumes the session and drains the queue.
            foreach (var subscriber in subscribers)
            {
                var clientId = ClientId("bench-" + subscriber.Key + "-queued", 1, round);
                await StepAsync(round, () => QueuedAsync(subscriber.Name, mode => subscriber.Start(clientId, 1, mode), clientId, settings, broker, messages, cancellationToken))
                    .ConfigureAwait(false);
            }

            // The telemetry adapter drains the same queued session from a cold start: a freshly started `hub run`.
            foreach (var variant in variants)
            {
                await StepAsync(round, () => AdapterDrainAsync(settings, broker, round, messages, folder, variant, cancellationToken)).ConfigureAwait(false);
            }
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

        return Report(settings, meanBytes, runs, variants, soak);
    }

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
        await ForgetSessionAsync(broker, clientId, cancellationToken).ConfigureAwait(false);
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
