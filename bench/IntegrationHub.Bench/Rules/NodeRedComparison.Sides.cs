using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Nodes;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// The two sides of the comparison: a fresh <c>hub run</c> and a fresh Node-RED. Live: subscribed, timed from the first
/// publish. Queued: subscribed once with a persistent session and stopped, the readings queued by the broker, then a
/// freshly started process resumes the session and is timed from the broker logging its connection (no publisher
/// running, so its share of the two cores is out, as in the mqtt benchmark's drain).
/// </summary>
internal static partial class NodeRedComparison
{
    private const string RuleFile = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 95, deadband: 5, code: OVERHEAT, severity: warning,
              text: { en: overheating, zh-CN: 温度过高 } }
        """;

    /// <summary>The hub: until /health's rules stage counts every reading evaluated (polled every 100 ms), as the nodes benchmark times it.</summary>
    private static async Task<NodeRedRun> HubAsync(
        BenchSettings settings, Mosquitto broker, string readings, int round, bool queued, double load, string folder, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var clientId = string.Create(i, $"{ClientId}-hub-{(queued ? "queued" : "live")}-r{round}");
        var data = Path.Combine(folder, clientId);
        Directory.CreateDirectory(Path.Combine(data, "rules"));
        await File.WriteAllTextAsync(Path.Combine(data, "rules", "bench.yaml"), RuleFile, cancellationToken).ConfigureAwait(false);
        // Live: no session left behind for the broker to queue the next run's messages into; queued: a session of 1 h.
        string[] hubSettings = [.. MqttHub.Settings(settings, data, broker, clientId), "--Hub:Mqtt:SessionExpiry=" + (queued ? "01:00:00" : "00:00:00")];
        var expected = File.ReadLines(readings).LongCount();
        var publisherSeconds = double.NaN;
        if (queued)
        {
            await using (await MqttHub.StartSubscribedAsync(settings, broker, clientId, hubSettings, Path.Combine(folder, clientId + "-prepare.log"), TimeSpan.FromSeconds(60), cancellationToken)
                .ConfigureAwait(false))
            {
            }

            publisherSeconds = await NodesBenchmark.PublishAsync(settings, broker, readings, cancellationToken).ConfigureAwait(false);
        }

        var pid = 0;
        var connecting = ConnectedAsync(broker, clientId, () => Volatile.Read(ref pid), cancellationToken);
        HubServer hub = queued
            ? await HubServer.StartAsync(settings.HubExecutable, hubSettings, Path.Combine(folder, clientId + ".log"), cancellationToken, started: p => Volatile.Write(ref pid, p)).ConfigureAwait(false)
            : await MqttHub.StartSubscribedAsync(settings, broker, clientId, hubSettings, Path.Combine(folder, clientId + ".log"), TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
            var (started, cpu, machine) = queued
                ? await connecting.ConfigureAwait(false)
                : (Stopwatch.GetTimestamp(), ProcessCpu.SecondsOf(hub.ProcessId), MachineCpu.BusySeconds());
            var publishing = queued ? null : NodesBenchmark.PublishAsync(settings, broker, readings, cancellationToken);
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
            machine = MachineCpu.BusySeconds() - machine;
            publisherSeconds = publishing is null ? publisherSeconds : await publishing.ConfigureAwait(false);
            return new NodeRedRun("hub", round, expected, evaluated, seconds, cpu, hub.PeakMiB(), load,
                evaluated < expected ? string.Create(i, $"INCOMPLETE: {evaluated:N0} evaluated") : null) { PublisherSeconds = publisherSeconds, Mode = queued ? "queued" : "live", MachineBusySeconds = machine };
        }
        finally
        {
            await hub.DisposeAsync().ConfigureAwait(false);
            await MqttBenchmark.ForgetSessionAsync(broker, clientId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Node-RED: until the receiver has the sentinel's POST (then every expected POST, or 10 s more at most).</summary>
    private static async Task<NodeRedRun> NodeRedAsync(
        BenchSettings settings, Mosquitto broker, string readings, int alarms, int round, bool queued, double load, string folder, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var clientId = string.Create(i, $"{ClientId}-node-red-{(queued ? "queued" : "live")}-r{round}");
        var userDir = await UserDirAsync(settings, clientId, queued, cancellationToken).ConfigureAwait(false);
        await using var receiver = NodeRedReceiver.Start(Mosquitto.FreeLoopbackPort());
        var expected = File.ReadLines(readings).LongCount();
        var publisherSeconds = double.NaN;
        if (queued)
        {
            await using (var first = BackgroundProcess.Start(NodeRed(settings, broker, userDir, clientId, receiver)))
            {
                await broker.WaitForSubscriptionAsync(clientId, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                await first.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }

            publisherSeconds = await NodesBenchmark.PublishAsync(settings, broker, readings, cancellationToken).ConfigureAwait(false);
        }

        var pid = 0;
        var connecting = ConnectedAsync(broker, clientId, () => Volatile.Read(ref pid), cancellationToken);
        await using var nodeRed = BackgroundProcess.Start(NodeRed(settings, broker, userDir, clientId, receiver));
        Volatile.Write(ref pid, nodeRed.ProcessId);
        long started;
        double cpu, machine;
        Task<double>? publishing = null;
        if (queued)
        {
            (started, cpu, machine) = await connecting.ConfigureAwait(false);
        }
        else
        {
            await broker.WaitForSubscriptionAsync(clientId, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            (started, cpu, machine) = (Stopwatch.GetTimestamp(), ProcessCpu.SecondsOf(nodeRed.ProcessId), MachineCpu.BusySeconds());
            publishing = NodesBenchmark.PublishAsync(settings, broker, readings, cancellationToken);
        }

        var sentinel = await Task.WhenAny(receiver.SentinelAt, Task.Delay(RunLimit, cancellationToken)).ConfigureAwait(false) == receiver.SentinelAt;
        var ended = sentinel ? await receiver.SentinelAt.ConfigureAwait(false) : Stopwatch.GetTimestamp();
        cpu = ProcessCpu.SecondsOf(nodeRed.ProcessId) - cpu;
        machine = MachineCpu.BusySeconds() - machine;
        publisherSeconds = publishing is null ? publisherSeconds : await publishing.ConfigureAwait(false);
        var allPosted = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (receiver.Posts < alarms && Stopwatch.GetTimestamp() < allPosted)
        {
            // A poll interval inside a condition wait with a 10 s bound: POSTs before the sentinel may finish after it.
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var peak = nodeRed.PeakMiB();
        await nodeRed.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await MqttBenchmark.ForgetSessionAsync(broker, clientId, CancellationToken.None).ConfigureAwait(false);
        string? note = sentinel ? null : "INCOMPLETE: the last reading was not POSTed within " + RunLimit;
        if (receiver.Posts != alarms)
        {
            note = (note is null ? "" : note + "; ") + string.Create(i, $"POSTs received {receiver.Posts:N0} of {alarms:N0}");
        }

        return new NodeRedRun("Node-RED", round, expected, sentinel ? expected : 0, Stopwatch.GetElapsedTime(started, ended).TotalSeconds, cpu, peak, load, note)
        {
            PublisherSeconds = publisherSeconds, Mode = queued ? "queued" : "live", MachineBusySeconds = machine,
        };
    }

    /// <summary>The broker's log line of the next connection of <paramref name="clientId"/>, and the process's and the machine's CPU seconds sampled right then.</summary>
    private static Task<(long At, double Cpu, double Machine)> ConnectedAsync(Mosquitto broker, string clientId, Func<int> pid, CancellationToken cancellationToken)
    {
        var previous = broker.ConnectionsOf(clientId);
        return Task.Run(
            async () =>
            {
                var at = await broker.WaitForConnectionAsync(clientId, previous, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false);
                // The machine's busy time at the same moment: the timed window starts here, not when the process answers.
                return (at, ProcessCpu.SecondsOf(pid()), MachineCpu.BusySeconds());
            },
            cancellationToken);
    }

    /// <summary>
    /// A fresh user dir under the repository's artifacts/ (Node-RED writes its runtime files there) holding
    /// bench/node-red/flows.json; for the queued mode with a persistent session (clean start off, expiry 1 h).
    /// </summary>
    private static async Task<string> UserDirAsync(BenchSettings settings, string clientId, bool queued, CancellationToken cancellationToken)
    {
        var userDir = Path.GetFullPath(Path.Combine(settings.NodeRedFolder, "..", "..", "artifacts", "node-red", clientId));
        if (Directory.Exists(userDir))
        {
            Directory.Delete(userDir, recursive: true);
        }

        Directory.CreateDirectory(userDir);
        var flows = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(settings.NodeRedFolder, "flows.json"), cancellationToken).ConfigureAwait(false))!.AsArray();
        if (queued)
        {
            var broker = flows.Single(n => (string?)n!["type"] == "mqtt-broker")!;
            broker["cleansession"] = false;
            broker["sessionExpiry"] = "3600";
            // Node-RED unsubscribes when it stops unless told not to: the session would keep no subscription to queue for.
            broker["autoUnsubscribe"] = false;
        }

        await File.WriteAllTextAsync(Path.Combine(userDir, "flows.json"), flows.ToJsonString(), cancellationToken).ConfigureAwait(false);
        return userDir;
    }

    private static ProcessStartInfo NodeRed(BenchSettings settings, Mosquitto broker, string userDir, string clientId, NodeRedReceiver receiver)
    {
        var i = CultureInfo.InvariantCulture;
        var start = ChildProcess.Program("node", Path.Combine(settings.NodeRedFolder, "node_modules", "node-red", "red.js"),
            "--settings", Path.Combine(settings.NodeRedFolder, "settings.js"), "--userDir", userDir, "flows.json");
        start.Environment["BENCH_MQTT_PORT"] = broker.Port.ToString(i);
        start.Environment["BENCH_CLIENT_ID"] = clientId;
        start.Environment["BENCH_POST_URL"] = receiver.Url;
        start.Environment["BENCH_NODE_RED_PORT"] = Mosquitto.FreeLoopbackPort().ToString(i);
        return start;
    }
}
