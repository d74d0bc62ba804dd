using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Nodes;

/// <summary>The nodes benchmark's Markdown table, the ratio two nodes / one node per round, and where the CPU went.</summary>
internal static partial class NodesBenchmark
{
    private static List<string> Report(BenchSettings settings, string postgresSettings, IReadOnlyList<NodesRun> runs)
    {
        var i = CultureInfo.InvariantCulture;
        List<string> lines =
        [
            string.Create(i, $"### Nodes: readings through the rules stage, 1 hub node vs 2 on one PostgreSQL ({settings.NodesReadings:N0} QoS 1 readings over {settings.NodesMachines} machines, {settings.NodesRounds} round(s))"),
            "",
            string.Create(i, $"Per run: a fresh database on the benchmark's own PostgreSQL and fresh `hub run` processes (Hub:NodeId node-1, node-2), all in one MQTT 5 shared group (`$share/{Group}/...`, so two nodes each receive about half), one threshold rule that watches every reading (none crosses it). Each configuration first drains {settings.NodesWarmup:N0} warm-up readings of another day; then timed from the first publish (MQTT.js, QoS 1, {PublisherInflight} in flight, one machine's topic a message) until /health's `readingsEvaluated` of the rules stage, summed over the nodes, reaches every reading (and `readingsStored` of the MQTT adapter, for the ingest column). Configurations alternate which goes first."),
            "PostgreSQL: " + postgresSettings + ".",
            "",
            "| round | nodes | evaluated / sent | all stored s | all evaluated s | **readings/s through the rules stage** | stored / evaluated per node | hub CPU s (each) | PG backends CPU s | mosquitto CPU s | rest of machine CPU s | machine busy (of " + Environment.ProcessorCount.ToString(i) + " CPUs) | CPU µs per reading (hubs + backends) | load average before | note |",
            "|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|---|",
        ];
        foreach (var run in runs)
        {
            var cpu = run.Cpu;
            var busy = cpu.Machine / (run.RulesSeconds * Environment.ProcessorCount);
            lines.Add(string.Create(i,
                $"| {run.Round} | {run.Nodes} | {run.Evaluated:N0} / {run.Readings:N0} | {run.IngestSeconds:0.00} | {run.RulesSeconds:0.00} | **{run.RulesPerSecond:N0}** | {string.Join("; ", run.PerNode.Select(p => string.Create(i, $"{p.Stored:N0} / {p.Evaluated:N0}")))} | {string.Join(" + ", cpu.Hubs.Select(h => h.ToString("0.0", i)))} | {cpu.Backends:0.0} | {cpu.Broker:0.0} | {cpu.Rest:0.0} | {busy:P0} | {(cpu.Hubs.Sum() + cpu.Backends) * 1e6 / Math.Max(1, run.Evaluated):0} | {run.Load} | {run.Note} |"));
        }

        lines.Add("");
        // One ratio method (issue 20 item 3): the median of the per-round ratios, complete runs only.
        var complete = runs.Where(r => r.Note is null).ToList();
        var ratio = RoundRatio.Of(complete.Where(r => r.Nodes == 2), complete.Where(r => r.Nodes == 1), r => r.Round, r => r.RulesPerSecond);
        if (ratio.PerRound.Count > 0)
        {
            lines.Add(string.Create(i,
                $"**2 nodes / 1 node: {ratio.Describe()}** of the readings/s through the rules stage (the median of the per-round ratios, both runs of a round under the same load)."));
            lines.Add(RunLoad.Summary(runs.Select(r => RunLoad.FromMark(r.Load))));
        }
        else
        {
            lines.Add("**No ratio: no round had both runs complete (see the notes).**");
        }

        var stageNodes = runs.Where(r => r.Nodes == 2).Select(r => r.PerNode.Count(p => p.Evaluated > 0)).DefaultIfEmpty(0).Max();
        lines.Add(string.Create(i,
            $"With 2 nodes the rules stage evaluated on {stageNodes} node(s) (the per-node column): on one node, the stage runs where its lease is held and the other node only ingests; on two, it is partitioned."));
        lines.Add("CPU s: /proc's user + system time over the timed window. PG backends: the backends serving the hubs' pooled connections to their database (not PostgreSQL's WAL writer, checkpointer, autovacuum). Rest of machine: the whole machine's busy time (/proc/stat) less the hubs, their backends and mosquitto: the MQTT.js publisher, PostgreSQL's shared processes and any other work on this shared machine. Machine busy near 100 % means the cores, not the hub, were the bound: two nodes on two cores share the same CPUs, so a second node adds receivers, not cores.");
        return lines;
    }
}
