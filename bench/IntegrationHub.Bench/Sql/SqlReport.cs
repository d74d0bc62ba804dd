using System.Globalization;
using IntegrationHub.Bench.Running;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// The sql benchmark's Markdown: every task's median rows/s and CPU µs per row with each run's 1-minute load average,
/// then the ratios to the aim's reference (bare COPY) and to the floor measured in the same run (issue 17,
/// "Benchmarks": show how much of the gap is the hub's own).
/// </summary>
internal static class SqlReport
{
    private static readonly (string Key, string Name)[] Tasks =
    [
        ("bare", "bare `COPY (query) TO STDOUT` read by Npgsql (the aim's reference)"),
        ("ado-read", "reading alone: Npgsql DbDataReader, GetValue per column, nothing kept"),
        ("poll-read", "SqlSourcePoller, batches dropped once read (text per column, de-duplication, records)"),
        ("poll-map", "SqlSourcePoller + mapping (RecordMapper on the reading side), batches dropped"),
        ("floor-sqlite", "**floor SQLite**: SqlSourcePoller → plain prepared INSERT into `entities` (same indexes, same batches, watermark per batch)"),
        ("hub-sqlite", "**hub poll → SQLite** (SqlSourcePoller → mapping → IHubStore.ApplyAsync, watermark per batch of 5,000)"),
        ("floor-postgresql", "**floor PostgreSQL**: the same plain INSERT into the PostgreSQL store's `entities`"),
        ("hub-postgresql", "**hub poll → PostgreSQL** (same, PostgreSqlHubStore)"),
    ];

    public static IReadOnlyList<string> Lines(int rows, int rounds, IReadOnlyDictionary<string, List<(TaskMeasurement Run, string Load)>> runs)
    {
        var i = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(i, $"### Database polling: {rows:N0} order rows from PostgreSQL, median of {rounds} runs each"),
            "",
            "| task | rows/s (median) | seconds (median) | CPU µs per row (median) | peak RSS MiB (median) | runs: rows/s (1-min load average at its start) |",
            "|---|---:|---:|---:|---:|---|",
        };
        foreach (var (key, name) in Tasks)
        {
            if (runs.TryGetValue(key, out var list))
            {
                lines.Add(string.Create(i,
                    $"| {name} | {Rate(list):N0} | {Stats.Median(list.Select(r => r.Run.Seconds)):0.000} | {CpuPerRow(list):0.00} | {Stats.Median(list.Select(r => r.Run.PeakMiB)):0.0} | {string.Join(", ", list.Select(r => string.Create(i, $"{r.Run.RowsPerSecond:N0} ({r.Load})")))} |"));
            }
        }

        lines.Add(RunLoad.Summary(runs.Values.SelectMany(l => l).Select(r => RunLoad.FromMark(r.Load))));
        lines.Add("");
        lines.Add("| ratio | by rows/s (median of the per-round ratios) | by CPU per row (median of the per-round ratios) |");
        lines.Add("|---|---:|---:|");
        foreach (var (store, name) in new[] { ("sqlite", "SQLite"), ("postgresql", "PostgreSQL") })
        {
            lines.Add(RatioRow($"**hub on {name} / bare COPY** (aim ≥ 0.3)", runs, "hub-" + store, "bare"));
            lines.Add(RatioRow($"hub on {name} / floor {name} (1.0 = the hub adds nothing to the plainest insert)", runs, "hub-" + store, "floor-" + store));
            lines.Add(RatioRow($"floor {name} / bare COPY (the most any poll storing into this table reached here)", runs, "floor-" + store, "bare"));
        }

        lines.Add("");
        lines.Add(string.Create(i,
            $"Where the CPU per row goes (differences of the medians above, µs): reading {Cpu(runs, "ado-read"):0.00}; the poller's text, de-duplication and records "
            + $"{Cpu(runs, "poll-read") - Cpu(runs, "ado-read"):0.00}; mapping {Cpu(runs, "poll-map") - Cpu(runs, "poll-read"):0.00}; "
            + $"storing through the hub on SQLite {Cpu(runs, "hub-sqlite") - Cpu(runs, "poll-map"):0.00} (the plain INSERT: {Cpu(runs, "floor-sqlite") - Cpu(runs, "poll-read"):0.00} "
            + $"with its JSON body); on PostgreSQL, client side only, {Cpu(runs, "hub-postgresql") - Cpu(runs, "poll-map"):0.00} (plain INSERT {Cpu(runs, "floor-postgresql") - Cpu(runs, "poll-read"):0.00}). "
            + $"The aim of 0.3 × bare COPY is {1e6 / (0.3 * Rate(runs["bare"])):0.0} µs of wall time per row on this run."));
        lines.Add("");
        lines.Add($"Query: `{SqlBenchmark.Query}`. Notes of the last runs: "
            + string.Join(" ", runs.Select(r => $"{r.Key}: {r.Value[^1].Run.Note}.")));
        lines.Add("The poller reads the next batch and maps it while the one before is stored (one batch queued between them, "
            + "so up to three batches in memory). The PostgreSQL stores are databases of the same server as the source, started as the "
            + "test fixture starts it (fsync=off, synchronous_commit=off): their commits wait for no disk, where SQLite's (synchronous FULL) do. "
            + "CPU per row counts the measured process's own CPU (user + system) over the rows; the PostgreSQL server's, which serves "
            + "the source query and the PostgreSQL stores, is not included: steadier than rows/s when other work shares the CPUs.");
        return lines;
    }

    private static double Rate(List<(TaskMeasurement Run, string Load)> list) => Stats.Median(list.Select(r => r.Run.RowsPerSecond));

    private static double CpuPerRow(List<(TaskMeasurement Run, string Load)> list) =>
        Stats.Median(list.Select(r => (r.Run.CpuSeconds ?? double.NaN) * 1e6 / r.Run.Rows));

    private static double Cpu(IReadOnlyDictionary<string, List<(TaskMeasurement Run, string Load)>> runs, string key) =>
        runs.TryGetValue(key, out var list) ? CpuPerRow(list) : double.NaN;

    private static string RatioRow(string name, IReadOnlyDictionary<string, List<(TaskMeasurement Run, string Load)>> runs, string hub, string reference)
    {
        if (!runs.TryGetValue(hub, out var h) || !runs.TryGetValue(reference, out var r))
        {
            return $"| {name} | (not measured) | |";
        }

        // One ratio method (issue 20 item 3): list index = round (every task runs once per round), median of the per-round ratios.
        var rate = RoundRatio.Of(h.Zip(r, (a, b) => a.Run.RowsPerSecond / b.Run.RowsPerSecond));
        var cpu = RoundRatio.Of(h.Zip(r, (a, b) => (b.Run.CpuSeconds ?? double.NaN) / b.Run.Rows / ((a.Run.CpuSeconds ?? double.NaN) / a.Run.Rows)));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | **{rate.Median:0.000}** ({1 / rate.Median:0.0}× slower; {rate.Describe("0.000")}) | {cpu.Describe("0.000")} |");
    }
}
