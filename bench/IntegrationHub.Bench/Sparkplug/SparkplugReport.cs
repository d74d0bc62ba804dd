using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Sparkplug;

/// <summary>The sparkplug benchmark's Markdown table and its ratio.</summary>
internal static class SparkplugReport
{
    public static List<string> Lines(BenchSettings settings, int messages, IReadOnlyList<(string Format, double MeanBytes)> sizes, IReadOnlyList<SparkplugRun> runs)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### Sparkplug B vs JSON into the store: {messages:N0} messages of {SparkplugBenchPayloads.MetricsPerMessage} readings each, {settings.MqttRounds} round(s)"),
            "",
            "The same readings (one machine, 20 Double metrics a message, 10 ms apart) as Sparkplug B DDATA with alias-only metrics "
                + "(after an NBIRTH and a DBIRTH that declare them) and as JSON in the Array shape of the demo telemetry.yaml. Per format "
                + "and round: a fresh SQLite data folder, the telemetry adapter's session subscribed, every message published (QoS 1) and "
                + "queued by mosquitto, then the adapter (MqttTelemetryAdapter with the hub's StoringTelemetrySink: read, mapped, stored) "
                + "timed from its connect until every reading is stored. Rounds alternate which format goes first.",
            string.Join("; ", sizes.Select(s => string.Create(i, $"{s.Format}: {s.MeanBytes:0} bytes a message"))) + ".",
            "",
            "| round | format | stored / expected | seconds | readings/s | process CPU s | CPU µs per reading | load before | note |",
            "|---:|---|---:|---:|---:|---:|---:|---|---|",
        ];
        foreach (var run in runs)
        {
            lines.Add(string.Create(i,
                $"| {run.Round} | {run.Format} | {run.Stored:N0} / {run.Expected:N0} | {run.Seconds:0.000} | {run.PerSecond:N0} | {run.CpuSeconds:0.00} | {run.CpuSeconds * 1e6 / Math.Max(1, run.Stored):0.0} | {RunLoad.Mark(run.Load)} | {run.Note} |"));
        }

        lines.Add("");
        var sparkplug = runs.Where(r => r.Format == "Sparkplug B").ToList();
        var json = runs.Where(r => r.Format == "JSON").ToList();
        var ratio = RoundRatio.Of(sparkplug, json, r => r.Round, r => r.PerSecond);
        var cpu = RoundRatio.Of(json, sparkplug, r => r.Round, r => r.CpuSeconds / Math.Max(1, r.Stored));
        if (ratio.PerRound.Count > 0)
        {
            lines.Add(string.Create(i,
                $"**Sparkplug B / JSON readings/s {ratio.Describe()}** (median of the per-round ratios; aim >= 1.0: {(ratio.Median >= 1.0 ? "met" : "missed")}); "
                + $"CPU per reading JSON / Sparkplug B {cpu.Describe()}."));
        }

        lines.Add(RunLoad.Summary(runs.Select(r => r.Load)));
        if (runs.Any(r => r.Stored != r.Expected || r.Note is not null))
        {
            lines.Add("**WARNING: a run did not store every reading, or dead-lettered or asked for rebirths; its figures are suspect (see the notes).**");
        }

        return lines;
    }
}
