using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Rules;

/// <summary>The comparison's table and its ratio: the median of the per-round ratios hub / Node-RED.</summary>
internal static partial class NodeRedComparison
{
    private const double Aim = 2.0;

    private static List<string> Report(BenchSettings settings, int alarms, IReadOnlyList<NodeRedRun> runs)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### Rules: sustained watched readings/s, the hub vs a Node-RED flow, {settings.NodeRedReadings:N0} readings + 1, {settings.NodeRedRounds} round(s)"),
            "",
            string.Create(i, $"The same QoS 1 readings of {Machines} machines (MQTT.js, 100 in flight) through the same mosquitto, one side at a time, each freshly started (cold: no warm-up), rounds alternating which goes first. Every reading is watched (temperature, limit {Limit:0}); every {settings.NodeRedAlarmEvery:N0}th and the last one are above it ({alarms:N0} alarms)."),
            "- **hub**: `hub run` with a fresh SQLite store and the threshold rule, timed until /health's rules stage counts every reading evaluated (polled every 100 ms).",
            "- **Node-RED** (bench/node-red, node-red 4.1.7 under node, headless): `mqtt in` (QoS 1, MQTT 5, parsed JSON) -> `switch` (readings[0].value > 95) -> `http request` (POST, keep-alive) to a loopback receiver of the benchmark, timed until the last reading's POST arrives (the flow takes the readings in order, so every reading before it has passed the switch).",
            "Mode live: subscribed, timed from the first publish. Mode queued: each side first subscribed with a persistent session (MQTT 5, expiry 1 h) and stopped, the broker queued every reading, then a freshly started process resumed the session, timed from the broker logging its connection (no publisher running: the publisher is not the bound).",
            "CPU: the side's own process (the hub; node running Node-RED) over the timed window, from /proc; side CPU % is of one core, machine busy % of all cores (/proc/stat: the side, the publisher, the broker and anything else). Load: the 1-minute load average before the run.",
            "",
            "| round | load | mode | side | readings taken / sent | seconds | readings/s | CPU µs per reading | side CPU % of a core | machine busy % | peak RSS MiB | publisher readings/s | note |",
            "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ];
        foreach (var run in runs)
        {
            lines.Add(string.Create(i,
                $"| {run.Round} | {RunLoad.Mark(run.Load)} | {run.Mode} | {run.Side} | {run.Taken:N0} / {run.Readings:N0} | {run.Seconds:0.000} | {run.PerSecond:N0} | {run.CpuMicrosPerReading:0.0} | {run.CorePercent:0} | {run.MachinePercent:0} | {run.PeakMiB:0.0} | {run.Readings / run.PublisherSeconds:N0} | {run.Note} |"));
        }

        lines.Add("");
        foreach (var mode in new[] { "live", "queued" })
        {
            var hub = runs.Where(r => r.Side == "hub" && r.Mode == mode).ToList();
            var nodeRed = runs.Where(r => r.Side == "Node-RED" && r.Mode == mode).ToList();
            var rate = RoundRatio.Of(hub, nodeRed, r => r.Round, r => r.PerSecond);
            var cpu = RoundRatio.Of(hub, nodeRed, r => r.Round, r => r.CpuMicrosPerReading);
            var verdict = rate.Median >= Aim ? "met" : string.Create(i, $"MISSED by {(1 - (rate.Median / Aim)) * 100:0} %");
            lines.Add(string.Create(i,
                $"- {mode}: **hub / Node-RED, watched readings/s: {rate.Describe()}** (median of the per-round ratios; aim >= {Aim:0.0}: {verdict}); CPU per reading hub / Node-RED {cpu.Describe()}. Round 1 (the cold start headline): hub {hub.FirstOrDefault()?.PerSecond ?? double.NaN:N0}/s, Node-RED {nodeRed.FirstOrDefault()?.PerSecond ?? double.NaN:N0}/s."));
        }

        lines.Add("");
        lines.Add("Publisher readings/s: its wall time, start-up included; live, where a side's rate is close to it, the publisher (on the same two cores) was the bound, not the side; queued, it ran before the timed drain (the queued ratio is the one not bounded by it).");
        lines.AddRange(NodeRedBound.Lines(runs));
        lines.Add(RunLoad.Summary(runs.Select(r => r.Load)));
        if (runs.Any(r => r.Note is not null))
        {
            lines.Add("**WARNING: a run did not take every reading (or Node-RED did not POST every alarm); see the notes.**");
        }

        return lines;
    }
}
