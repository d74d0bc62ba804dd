using System.Globalization;
using System.Text.RegularExpressions;
using IntegrationHub.Bench.Mqtt;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

/// <summary>
/// Issue 20's aim for the rules stage: sustained watched readings/s through the hub's rules >= 2x a Node-RED flow doing
/// threshold + HTTP POST on the same broker in the same run. The same QoS 1 readings of 200 machines (every one watched:
/// temperature, limit 95; every <see cref="BenchSettings.NodeRedAlarmEvery"/>th above it) go, one side at a time, to a
/// freshly started <c>hub run</c> (SQLite, the rule in its rules folder) and to a freshly started Node-RED (bench/node-red:
/// mqtt in, switch, http request POST to a loopback receiver of this benchmark). Both are timed from the first publish
/// (MQTT.js, QoS 1, 100 in flight): the hub until /health's rules stage has evaluated every reading, Node-RED until the
/// run's last reading (an alarm) has been POSTed, which it does after its switch took every reading before it, in order.
/// Cold starts, as issue 20 item 3 asks for the headline: no warm-up on either side.
/// </summary>
internal static partial class NodeRedComparison
{
    private const int Machines = 200;
    private const double Limit = 95;
    private const string ClientId = "bench-rules-rate";
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.NodeRedReadings == 0)
        {
            return ["The hub-vs-Node-RED rate comparison was left out (--node-red-readings 0)."];
        }

        var folder = WorkFolder.Fresh(settings, "rules-rate");
        var readings = Path.Combine(folder, "readings.txt");
        var alarms = await WriteReadingsAsync(readings, settings, cancellationToken).ConfigureAwait(false);
        await using var broker = await Mosquitto.StartAsync(Path.Combine(folder, "broker"), cancellationToken).ConfigureAwait(false);
        var runs = new List<NodeRedRun>();
        for (var round = 1; round <= settings.NodeRedRounds; round++)
        {
            // Which side goes first alternates, so that neither always runs after the other's leftovers.
            foreach (var queued in new[] { false, true })
            {
                foreach (var side in round % 2 == 1 ? new[] { "hub", "Node-RED" } : ["Node-RED", "hub"])
                {
                    var load = RunLoad.AfterSettling();
                    var run = side == "hub"
                        ? await HubAsync(settings, broker, readings, round, queued, load, folder, cancellationToken).ConfigureAwait(false)
                        : await NodeRedAsync(settings, broker, readings, alarms, round, queued, load, folder, cancellationToken).ConfigureAwait(false);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[rules-rate] round {round} {run.Mode} {run.Side}: {run.Taken:N0}/{run.Readings:N0} in {run.Seconds:0.000} s = {run.PerSecond:N0}/s, CPU {run.CpuMicrosPerReading:0.0} µs/reading, load {RunLoad.Mark(load)}{(run.Note is null ? "" : "; " + run.Note)}"));
                    runs.Add(run);
                }
            }
        }

        return Report(settings, alarms, runs);
    }

    /// <summary>
    /// The nodes benchmark's readings of 200 machines, every <see cref="BenchSettings.NodeRedAlarmEvery"/>th at 99.5, and
    /// a last one (the sentinel) at 99.5 on a machine of its own. Returns the number of alarms, the sentinel included.
    /// </summary>
    private static async Task<int> WriteReadingsAsync(string path, BenchSettings settings, CancellationToken cancellationToken)
    {
        var plain = path + ".plain";
        await TelemetryPayloads.WriteMachinesAsync(plain, settings.NodeRedReadings, Machines, cancellationToken).ConfigureAwait(false);
        var lines = await File.ReadAllLinesAsync(plain, cancellationToken).ConfigureAwait(false);
        var alarms = 0;
        for (var n = settings.NodeRedAlarmEvery - 1; n < lines.Length; n += settings.NodeRedAlarmEvery)
        {
            lines[n] = Value().Replace(lines[n], "\"value\":99.5", 1);
            alarms++;
        }

        string[] sentinel = [$$"""plant/C001/EQ-SENTINEL/telemetry {"site":"{{NodeRedReceiver.Sentinel}}","ts":"2026-11-23T08:00:00.000Z","seq":-1,"readings":[{"metric":"temperature","value":99.5,"unit":"°C","quality":"Good"}]}"""];
        await File.WriteAllLinesAsync(path, [.. lines, .. sentinel], cancellationToken).ConfigureAwait(false);
        return alarms + 1;
    }

    [GeneratedRegex("\"value\":[0-9.]+")]
    private static partial Regex Value();
}
