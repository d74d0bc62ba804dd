using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Lookup;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;

namespace IntegrationHub.Bench.Nodes;

/// <summary>
/// Issue 18's throughput benchmark: "Readings through the rules stage per second with 1 node and with 2 nodes on this
/// machine (honest ratio; with 2 cores it cannot double: report what it is and where the time goes)." The same QoS 1
/// readings of many machines, the same alarm rule, into one or two real <c>hub run</c> processes on one PostgreSQL
/// database, subscribed through one MQTT 5 shared group (so that with two nodes each receives about half). Timed from
/// the first publish until the nodes' rules stages together have evaluated every reading (/health's
/// <c>readingsEvaluated</c> summed over the nodes), which measures whatever the hub does with the rules stage: on one
/// node holding its lease whole, or partitioned over the nodes.
/// </summary>
internal static partial class NodesBenchmark
{
    private const string Group = "bench";
    private const int PublisherInflight = 100;
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = WorkFolder.Fresh(settings, "nodes");
        var timed = Path.Combine(folder, "readings.txt");
        var warmup = Path.Combine(folder, "warmup.txt");
        await TelemetryPayloads.WriteMachinesAsync(timed, settings.NodesReadings, settings.NodesMachines, cancellationToken).ConfigureAwait(false);
        await TelemetryPayloads.WriteMachinesAsync(warmup, settings.NodesWarmup, settings.NodesMachines, cancellationToken, day: 21).ConfigureAwait(false);

        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        await using var postgres = await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        var postgresSettings = await postgres.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<NodesRun>();
        for (var round = 1; round <= settings.NodesRounds; round++)
        {
            // Which configuration goes first alternates, so that neither always runs after the other's leftovers.
            foreach (var nodes in round % 2 == 1 ? new[] { 1, 2 } : [2, 1])
            {
                var run = await RunOnceAsync(settings, broker, postgres, nodes, round, timed, warmup, folder, cancellationToken).ConfigureAwait(false);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[nodes] round {round}, {nodes} node(s): {run.Evaluated:N0}/{run.Readings:N0} evaluated in {run.RulesSeconds:0.000} s = {run.RulesPerSecond:N0}/s (stored in {run.IngestSeconds:0.000} s), load {run.Load}{(run.Note is null ? "" : "; " + run.Note)}"));
                runs.Add(run);
            }
        }

        return Report(settings, postgresSettings, runs);
    }

    private static async Task<NodesRun> RunOnceAsync(
        BenchSettings settings, Mosquitto broker, BenchPostgres postgres, int nodeCount, int round, string timed, string warmup, string folder,
        CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        // The 1-minute load average before the run (issue 20 item 3): above 1.5 it is marked NOISY.
        var load = RunLoad.Mark(RunLoad.AfterSettling());
        var store = await postgres.NewStoreAsync(string.Create(i, $"n{nodeCount}_r{round}"), cancellationToken).ConfigureAwait(false);
        var hubs = new List<HubServer>();
        var clients = new List<HttpClient>();
        try
        {
            for (var n = 1; n <= nodeCount; n++)
            {
                var clientId = string.Create(i, $"bench-node{n}-of{nodeCount}-r{round}");
                var data = Path.Combine(folder, clientId);
                Directory.CreateDirectory(Path.Combine(data, "rules"));
                await File.WriteAllTextAsync(Path.Combine(data, "rules", "bench.yaml"), RuleFile, cancellationToken).ConfigureAwait(false);
                var hub = await HubServer.StartAsync(settings.HubExecutable, [.. HubSettings(settings, broker, clientId, data, n), .. store.HubArguments],
                    Path.Combine(folder, clientId + ".log"), cancellationToken, store.Environment).ConfigureAwait(false);
                hubs.Add(hub);
                clients.Add(new HttpClient { BaseAddress = new Uri(hub.BaseUrl), Timeout = TimeSpan.FromSeconds(10) });
                await broker.WaitForSubscriptionAsync(clientId, ReadyLimit, cancellationToken).ConfigureAwait(false);
            }

            // A hub in service is past its JIT's first seconds: each configuration first drains a warm-up of another day.
            var (warmStored, warmEvaluated) = (0L, 0L);
            if (settings.NodesWarmup > 0)
            {
                await PublishAsync(settings, broker, warmup, cancellationToken).ConfigureAwait(false);
                (warmStored, warmEvaluated) = await WaitForCountsAsync(clients, settings.NodesWarmup, null, cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }

            var (baseStored, baseEvaluated) = await SumAsync(clients, cancellationToken).ConfigureAwait(false);
            var perNodeBefore = await PerNodeAsync(clients, cancellationToken).ConfigureAwait(false);

            var cpuBefore = await CpuAsync(hubs, broker, store, cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var publishing = PublishAsync(settings, broker, timed, cancellationToken);
            var progress = new Progress(started);
            var (stored, evaluated) = await WaitForCountsAsync(clients, settings.NodesReadings, (baseStored, baseEvaluated, progress), cancellationToken).ConfigureAwait(false);
            var cpuAfter = await CpuAsync(hubs, broker, store, cancellationToken).ConfigureAwait(false);
            var publisherSeconds = await publishing.ConfigureAwait(false);
            var perNodeAfter = await PerNodeAsync(clients, cancellationToken).ConfigureAwait(false);

            string? note = null;
            if (warmEvaluated < settings.NodesWarmup || warmStored < settings.NodesWarmup)
            {
                note = string.Create(i, $"WARM-UP INCOMPLETE (stored {warmStored:N0}, evaluated {warmEvaluated:N0})");
            }

            if (evaluated - baseEvaluated < settings.NodesReadings)
            {
                note = (note is null ? "" : note + "; ") + string.Create(i, $"INCOMPLETE: stored {stored - baseStored:N0}, evaluated {evaluated - baseEvaluated:N0}");
            }

            return new NodesRun(nodeCount, round, settings.NodesReadings, evaluated - baseEvaluated, progress.IngestSeconds, progress.RulesSeconds, publisherSeconds,
                [.. perNodeAfter.Zip(perNodeBefore, (a, b) => (a.Stored - b.Stored, a.Evaluated - b.Evaluated))],
                cpuAfter.Minus(cpuBefore), load, note);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var hub in hubs)
            {
                await hub.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Polls every node's /health every 100 ms until the readings stored and the readings evaluated by the rules
    /// stage, summed over the nodes, both reach <paramref name="count"/> above the baseline; stops early when neither
    /// moved for a minute, or at the run's limit. Returns the last sums.
    /// </summary>
    private static async Task<(long Stored, long Evaluated)> WaitForCountsAsync(
        IReadOnlyList<HttpClient> clients, long count, (long Stored, long Evaluated, Progress Progress)? timing, CancellationToken cancellationToken)
    {
        var (baseStored, baseEvaluated) = timing is { } t ? (t.Stored, t.Evaluated) : (0L, 0L);
        var begun = Stopwatch.GetTimestamp();
        var lastChange = begun;
        (long Stored, long Evaluated) last = (-1, -1);
        while (true)
        {
            var now = await SumAsync(clients, cancellationToken).ConfigureAwait(false);
            var at = Stopwatch.GetTimestamp();
            if (timing is { Progress: var progress })
            {
                progress.Observe(now.Stored - baseStored >= count, now.Evaluated - baseEvaluated >= count, at);
            }

            if ((now.Stored - baseStored >= count && now.Evaluated - baseEvaluated >= count) || Stopwatch.GetElapsedTime(begun, at) > RunLimit)
            {
                return now;
            }

            if (now != last)
            {
                last = now;
                lastChange = at;
            }
            else if (Stopwatch.GetElapsedTime(lastChange, at) > StallLimit)
            {
                return now;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(long Stored, long Evaluated)> SumAsync(IReadOnlyList<HttpClient> clients, CancellationToken cancellationToken)
    {
        long stored = 0, evaluated = 0;
        foreach (var (s, e) in await PerNodeAsync(clients, cancellationToken).ConfigureAwait(false))
        {
            stored += s;
            evaluated += e;
        }

        return (stored, evaluated);
    }

    private static async Task<List<(long Stored, long Evaluated)>> PerNodeAsync(IReadOnlyList<HttpClient> clients, CancellationToken cancellationToken)
    {
        var counts = new List<(long, long)>();
        foreach (var client in clients)
        {
            using var health = await HealthJson.ReadAsync(client, cancellationToken).ConfigureAwait(false);
            counts.Add((HealthJson.AdapterCount(health.RootElement, "mqtt", "readingsStored"), HealthJson.AdapterCount(health.RootElement, "rules", "readingsEvaluated")));
        }

        return counts;
    }

    private static async Task<CpuSample> CpuAsync(IReadOnlyList<HubServer> hubs, Mosquitto broker, BenchStore store, CancellationToken cancellationToken) => new(
        [.. hubs.Select(h => ProcessCpu.SecondsOf(h.ProcessId))],
        await store.BackendCpuSecondsAsync(cancellationToken).ConfigureAwait(false),
        ProcessCpu.SecondsOf(broker.ProcessId),
        MachineCpu.BusySeconds());

    /// <summary>Publishes "&lt;topic&gt; &lt;payload&gt;" lines at QoS 1 (MQTT.js, 100 in flight); the rules benchmark's Node-RED comparison publishes its readings this way too.</summary>
    internal static async Task<double> PublishAsync(BenchSettings settings, Mosquitto broker, string messages, CancellationToken cancellationToken)
    {
        // "-": each line names its machine's topic (bench/mqtt/publish.js).
        var start = ChildProcess.Program("node", Path.Combine(settings.ScriptsFolder, "publish.js"), broker.Port.ToString(CultureInfo.InvariantCulture), "-", "1", messages,
            PublisherInflight.ToString(CultureInfo.InvariantCulture), RunLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        start.Environment["NODE_PATH"] = settings.NodeModules;
        var started = Stopwatch.GetTimestamp();
        await using var publisher = BackgroundProcess.Start(start);
        if (!await publisher.WaitForExitAsync(RunLimit, cancellationToken).ConfigureAwait(false) || publisher.ExitCode != 0)
        {
            throw new InvalidOperationException($"The QoS 1 publisher of {messages} did not finish within {RunLimit} (exit code {(publisher.HasExited ? publisher.ExitCode : -1)}).");
        }

        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static string[] HubSettings(BenchSettings settings, Mosquitto broker, string clientId, string data, int node) =>
    [
        .. MqttHub.Settings(settings, data, broker, clientId),
        "--Hub:NodeId=" + string.Create(CultureInfo.InvariantCulture, $"node-{node}"),
        // No session left behind for the broker to queue the next run's messages into.
        "--Hub:Mqtt:SessionExpiry=00:00:00",
        // Issue 18 item 2: one group for one node too, so that the configurations differ only in the node count.
        "--Hub:Mqtt:Subscriptions:0:SharedGroup=" + Group,
    ];

    /// <summary>One rule that watches every reading of the benchmark (temperature on every machine), above the readings' range.</summary>
    private const string RuleFile = """
        rules:
          - { id: overheat, kind: threshold, asset: "*", metric: temperature, limit: 95, deadband: 5, code: OVERHEAT, severity: warning,
              text: { en: overheating, zh-CN: 温度过高 } }
        """;

    /// <summary>When the readings were all stored and all evaluated, from the first publish.</summary>
    private sealed class Progress(long started)
    {
        public double IngestSeconds { get; private set; } = double.NaN;

        public double RulesSeconds { get; private set; } = double.NaN;

        public void Observe(bool allStored, bool allEvaluated, long at)
        {
            if (allStored && double.IsNaN(IngestSeconds))
            {
                IngestSeconds = Stopwatch.GetElapsedTime(started, at).TotalSeconds;
            }

            if (allEvaluated && double.IsNaN(RulesSeconds))
            {
                RulesSeconds = Stopwatch.GetElapsedTime(started, at).TotalSeconds;
            }
        }
    }
}
