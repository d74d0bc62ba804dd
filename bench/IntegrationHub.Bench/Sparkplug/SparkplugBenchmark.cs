using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Adapters.Mqtt;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Adapters.Mqtt.Telemetry;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Running;
using IntegrationHub.Hub.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Bench.Sparkplug;

/// <summary>
/// Issue 22 item 4's benchmark: the same readings, 20 metrics a message, as Sparkplug B DDATA and as JSON, each drained
/// by the telemetry adapter from a queued MQTT session on the benchmark's mosquitto into a fresh SQLite store, in the
/// same run. The publisher is out of the timing: every message is queued for the adapter's session before it connects.
/// </summary>
internal static class SparkplugBenchmark
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "sparkplug");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var mappings = Path.Combine(folder, "mappings");
        Directory.CreateDirectory(mappings);
        File.Copy(Path.Combine(settings.MappingsFolder, "telemetry.yaml"), Path.Combine(mappings, "telemetry.yaml"));
        await File.WriteAllTextAsync(Path.Combine(mappings, "sparkplug.yaml"), """
            source: bench-sparkplug
            target: AssetMetric
            timestamp: { column: ts, format: iso }
            fields:
              AssetId:   { column: asset }
              Metric:    { column: metric }
              Value:     { column: value }
              Quality:   { column: quality }
              Timestamp: { column: ts, format: iso }
            """, cancellationToken).ConfigureAwait(false);

        var messages = Math.Max(1, settings.MqttAdapterMessages / SparkplugBenchPayloads.MetricsPerMessage);
        var readings = SparkplugBenchPayloads.Readings(messages);
        var formats = new (string Name, List<(string Topic, byte[] Payload)> Messages, TelemetrySubscription Subscription)[]
        {
            ("JSON", SparkplugBenchPayloads.Json(readings),
                new TelemetrySubscription { Source = "plant-telemetry", Topic = "plant/{customer}/{asset}/telemetry", Shape = ReadingsShape.Array, ReadingsPath = "readings" }),
            ("Sparkplug B", SparkplugBenchPayloads.Sparkplug(readings),
                new TelemetrySubscription { Source = "bench-sparkplug", Topic = $"spBv1.0/{SparkplugBenchPayloads.Group}/#", Shape = ReadingsShape.SparkplugB }),
        };

        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        var runs = new List<SparkplugRun>();
        for (var round = 1; round <= settings.MqttRounds; round++)
        {
            // Which format goes first alternates, so that neither always follows the other's leftovers.
            foreach (var (name, payloads, subscription) in round % 2 == 1 ? formats : formats.Reverse())
            {
                var load = RunLoad.AfterSettling();
                var run = await DrainAsync(broker.Port, Path.Combine(folder, $"data-{round}-{runs.Count}"), mappings, name, payloads, subscription, messages, cancellationToken)
                    .ConfigureAwait(false) with { Round = round, Load = load };
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[sparkplug] round {round} {name}: {run.Stored:N0} readings in {run.Seconds:0.000} s = {run.PerSecond:N0}/s, CPU {run.CpuSeconds:0.00} s, load {RunLoad.Mark(load)}"));
                runs.Add(run);
            }
        }

        return SparkplugReport.Lines(settings, messages, formats.Select(f => (f.Name, f.Messages.Average(m => m.Payload.Length))).ToList(), runs);
    }

    private static async Task<SparkplugRun> DrainAsync(
        int port, string dataFolder, string mappings, string format, List<(string Topic, byte[] Payload)> payloads, TelemetrySubscription subscription,
        int messages, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(dataFolder, mappings, withAdapters: false, cancellationToken).ConfigureAwait(false);
        var sink = ActivatorUtilities.CreateInstance<StoringTelemetrySink>(provider);
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "bench-sparkplug-" + Path.GetFileName(dataFolder),
            CleanStart = false,
            SessionExpirySeconds = 3600,
            TimeProvider = TimeProvider.System,
            Logger = NullLogger.Instance,
        };

        // The session and its subscription first, then every message queued for it while the adapter is away.
        await using (var subscribe = new MqttTelemetryAdapter("bench", options, [subscription], sink))
        {
            await subscribe.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var publisher = new MqttClient(options with { ClientId = options.ClientId + "-pub", CleanStart = true, SessionExpirySeconds = 0 }, (_, _) => ValueTask.CompletedTask))
        {
            await publisher.ConnectAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (topic, payload) in payloads)
            {
                // One at a time: a Sparkplug node's messages must keep their seq order.
                await publisher.PublishAsync(new MqttApplicationMessage(topic, payload, MqttQualityOfService.AtLeastOnce), cancellationToken).ConfigureAwait(false);
            }
        }

        var expected = (long)messages * SparkplugBenchPayloads.MetricsPerMessage;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await using var adapter = new MqttTelemetryAdapter("bench", options, [subscription], sink);
        await adapter.StartAsync(cancellationToken).ConfigureAwait(false);
        var counts = adapter.GetStatus().Counts;
        while (counts["readingsStored"] + counts["deadLetters"] < expected && Stopwatch.GetElapsedTime(started) < HangGuard)
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            counts = adapter.GetStatus().Counts;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var note = counts["deadLetters"] + counts["rebirthRequests"] > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{counts["deadLetters"]} dead letters, {counts["rebirthRequests"]} rebirth requests")
            : null;
        return new SparkplugRun(format, counts["readingsStored"], expected, seconds, cpuSeconds, note);
    }
}
