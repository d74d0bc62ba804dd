using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Nodes;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

/// <summary>The two sides of the comparison: a fresh <c>hub run</c> and a fresh Node-RED, each timed from the first publish.</summary>
internal static partial class NodeRedComparison
{
    private const string RuleFile = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 95, deadband: 5, code: OVERHEAT, severity: warning,
              text: { en: overheating, zh-CN: 温度过高 } }
        """;

    /// <summary>The hub: until /health's rules stage counts every reading evaluated (polled every 100 ms), as the nodes benchmark times it.</summary>
    private static async Task<NodeRedRun> HubAsync(
        BenchSettings settings, Mosquitto broker, string readings, int round, double load, string folder, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var clientId = string.Create(i, $"{ClientId}-hub-r{round}");
        var data = Path.Combine(folder, clientId);
        Directory.CreateDirectory(Path.Combine(data, "rules"));
        await File.WriteAllTextAsync(Path.Combine(data, "rules", "bench.yaml"), RuleFile, cancellationToken).ConfigureAwait(false);
        // No session left behind for the broker to queue the next run's messages into.
        string[] hubSettings = [.. MqttHub.Settings(settings, data, broker, clientId), "--Hub:Mqtt:SessionExpiry=00:00:00"];
        await using var hub = await MqttHub.StartSubscribedAsync(settings, broker, clientId, hubSettings, Path.Combine(folder, clientId + ".log"), TimeSpan.FromSeconds(60), cancellationToken)
            .ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var expected = File.ReadLines(readings).LongCount();
        var cpu = ProcessCpu.SecondsOf(hub.ProcessId);
        var started = Stopwatch.GetTimestamp();
        var publishing = NodesBenchmark.PublishAsync(settings, broker, readings, cancellationToken);
        long evaluated = 0, last = -1, lastChange = started;
        while (true)
        {
            using (var health = await HealthJson.ReadAsync(http, cancellationToken).ConfigureAwait(false))
            {
                evaluated = HealthJson.AdapterCount(health.RootElement, "rules", "readingsEvaluated");
            }

            var now = Stopwatch.GetTimestamp();
            if (evaluated >= expected || Stopwatch.GetElapsedTime(started, now) > RunLimit)
            {
                break;
            }

            if (evaluated != last)
            {
                (last, lastChange) = (evaluated, now);
            }
            else if (Stopwatch.GetElapsedTime(lastChange, now) > StallLimit)
            {
                break;
            }

            // A poll interval inside a condition wait with a run limit and a stall limit.
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        cpu = ProcessCpu.SecondsOf(hub.ProcessId) - cpu;
        var publisherSeconds = await publishing.ConfigureAwait(false);
        return new NodeRedRun("hub", round, expected, evaluated, seconds, cpu, hub.PeakMiB(), load,
            evaluated < expected ? string.Create(i, $"INCOMPLETE: {evaluated:N0} evaluated") : null) { PublisherSeconds = publisherSeconds };
    }

    /// <summary>Node-RED: until the receiver has the sentinel's POST (then every expected POST, or 10 s more at most).</summary>
    private static async Task<NodeRedRun> NodeRedAsync(
        BenchSettings settings, Mosquitto broker, string readings, int alarms, int round, double load, string folder, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var clientId = string.Create(i, $"{ClientId}-node-red-r{round}");
        // Its own user dir under the repository's artifacts/ (Node-RED writes its runtime files there), fresh each run.
        var userDir = Path.GetFullPath(Path.Combine(settings.NodeRedFolder, "..", "..", "artifacts", "node-red", clientId));
        if (Directory.Exists(userDir))
        {
            Directory.Delete(userDir, recursive: true);
        }

        Directory.CreateDirectory(userDir);
        File.Copy(Path.Combine(settings.NodeRedFolder, "flows.json"), Path.Combine(userDir, "flows.json"), overwrite: true);
        await using var receiver = NodeRedReceiver.Start(Mosquitto.FreeLoopbackPort());
        var start = ChildProcess.Program("node", Path.Combine(settings.NodeRedFolder, "node_modules", "node-red", "red.js"),
            "--settings", Path.Combine(settings.NodeRedFolder, "settings.js"), "--userDir", userDir, "flows.json");
        start.Environment["BENCH_MQTT_PORT"] = broker.Port.ToString(i);
        start.Environment["BENCH_CLIENT_ID"] = clientId;
        start.Environment["BENCH_POST_URL"] = receiver.Url;
        start.Environment["BENCH_NODE_RED_PORT"] = Mosquitto.FreeLoopbackPort().ToString(i);
        await using var nodeRed = BackgroundProcess.Start(start);
        await broker.WaitForSubscriptionAsync(clientId, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        var expected = File.ReadLines(readings).LongCount();
        var cpu = ProcessCpu.SecondsOf(nodeRed.ProcessId);
        var started = Stopwatch.GetTimestamp();
        var publishing = NodesBenchmark.PublishAsync(settings, broker, readings, cancellationToken);
        var sentinel = await Task.WhenAny(receiver.SentinelAt, Task.Delay(RunLimit, cancellationToken)).ConfigureAwait(false) == receiver.SentinelAt;
        var ended = sentinel ? await receiver.SentinelAt.ConfigureAwait(false) : Stopwatch.GetTimestamp();
        cpu = ProcessCpu.SecondsOf(nodeRed.ProcessId) - cpu;
        var publisherSeconds = await publishing.ConfigureAwait(false);
        var allPosted = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (receiver.Posts < alarms && Stopwatch.GetTimestamp() < allPosted)
        {
            // A poll interval inside a condition wait with a 10 s bound: POSTs before the sentinel may finish after it.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var peak = nodeRed.PeakMiB();
        string? note = sentinel ? null : "INCOMPLETE: the last reading was not POSTed within " + RunLimit;
        if (receiver.Posts != alarms)
        {
            note = (note is null ? "" : note + "; ") + string.Create(i, $"POSTs received {receiver.Posts:N0} of {alarms:N0}");
        }

        return new NodeRedRun("Node-RED", round, expected, sentinel ? expected : 0, Stopwatch.GetElapsedTime(started, ended).TotalSeconds, cpu, peak, load, note)
        {
            PublisherSeconds = publisherSeconds,
        };
    }
}
