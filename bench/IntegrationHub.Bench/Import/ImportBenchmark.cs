using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.DemoPlant;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Bench.Import;

/// <summary>
/// Import of an order export: the bare CsvHelper read and the hub's full import of the same file into SQLite and into
/// PostgreSQL (issue 17: "on both stores where they apply"; a PostgreSQL of its own, a fresh database per run),
/// alternated, each run in a child process of its own so that its peak memory is its own.
/// </summary>
internal static class ImportBenchmark
{
    private static readonly TimeSpan TaskLimit = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "import");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Console.Error.WriteLine($"[import] writing a {settings.ImportRows:N0}-row GB18030 order export");
        var export = new DemoPlantGenerator(seed: 2, TimeProvider.System.GetUtcNow())
            .WriteOrdersOnly(Path.Combine(folder, "export"), "orders-bench.csv", settings.ImportRows);
        var megabytes = new FileInfo(export).Length / 1048576.0;

        Console.Error.WriteLine("[import] starting PostgreSQL for the hub's store");
        await using var postgres = await PostgresServer.StartAsync(cancellationToken).ConfigureAwait(false);

        var bare = new List<TaskMeasurement>();
        var hub = new List<TaskMeasurement>();
        var hubPg = new List<TaskMeasurement>();
        for (var run = 1; run <= settings.ImportRepeats; run++)
        {
            var b = await ChildProcess.MeasureAsync(
                ChildProcess.Self(["task", "bare-csv", export], settings.ChildEnvironment), TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[import] run {run}: {b}");
            bare.Add(b);
            var h = await ChildProcess.MeasureAsync(
                ChildProcess.Self(["task", "hub-import", export, Path.Combine(folder, "data"), settings.MappingsFolder], settings.ChildEnvironment),
                TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[import] run {run}: {h}");
            hub.Add(h);
            var store = await postgres.CreateDatabaseAsync(string.Create(CultureInfo.InvariantCulture, $"hub_import_{run}"), cancellationToken).ConfigureAwait(false);
            var p = await ChildProcess.MeasureAsync(
                ChildProcess.Self(["task", "hub-import", export, Path.Combine(folder, "data-pg"), settings.MappingsFolder, store], settings.ChildEnvironment),
                TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[import] run {run}: {p}");
            hubPg.Add(p);
        }

        Console.Error.WriteLine("[import] stage breakdown");
        var stages = await ChildProcess.ReportAsync(
            ChildProcess.Self(["task", "import-stages", export, Path.Combine(folder, "stages"), settings.MappingsFolder], settings.ChildEnvironment),
            TaskLimit, cancellationToken).ConfigureAwait(false);
        var stagesPg = await ChildProcess.ReportAsync(
            ChildProcess.Self(
                ["task", "import-stages", export, Path.Combine(folder, "stages-pg"), settings.MappingsFolder,
                 await postgres.CreateDatabaseAsync("hub_import_stages", cancellationToken).ConfigureAwait(false)],
                settings.ChildEnvironment),
            TaskLimit, cancellationToken).ConfigureAwait(false);

        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"### Import: {settings.ImportRows:N0}-row order export (GB18030, {megabytes:0.0} MiB), median of {settings.ImportRepeats} runs each"),
            "",
            "| task | rows/s (median) | seconds (median) | rows per CPU-second (median) | peak RSS MiB (median) | runs (rows/s) |",
            "|---|---:|---:|---:|---:|---|",
            Row("bare CsvHelper read", bare),
            Row("hub import (watcher → mapping → SQLite)", hub),
            Row("hub import (watcher → mapping → PostgreSQL)", hubPg),
            Ratio("SQLite", hub, bare),
            Ratio("PostgreSQL", hubPg, bare),
            "",
            "Hub import: " + hub[^1].Note + "; " + hubPg[^1].Note + ". The PostgreSQL store is the benchmark's own server, on "
                + "the same CPUs, started as the test fixture starts it (fsync=off, synchronous_commit=off): its commits wait for "
                + "no disk, where SQLite's (synchronous FULL) do. Rows per CPU-second count the measured process's own CPU "
                + "(user + system, the PostgreSQL server's not included): steadier than rows/s when other work shares the CPUs.",
            "",
            .. stages,
            "",
            .. stagesPg,
        ];
    }

    private static string Ratio(string store, IReadOnlyList<TaskMeasurement> hub, IReadOnlyList<TaskMeasurement> bare)
    {
        var bareRate = Stats.Median(bare.Select(m => m.RowsPerSecond));
        var hubRate = Stats.Median(hub.Select(m => m.RowsPerSecond));
        return string.Create(CultureInfo.InvariantCulture,
            $"| **ratio hub on {store} / bare** | **{hubRate / bareRate:0.000}** ({bareRate / hubRate:0.0}× slower) | | **{PerCpu(hub) / PerCpu(bare):0.000}** | **{Stats.Median(hub.Select(m => m.PeakMiB)) / Stats.Median(bare.Select(m => m.PeakMiB)):0.00}** | |");
    }

    // Rows per second of the measured process's own CPU (user + system): steadier than the clock when other work shares
    // the CPUs; it leaves out waiting (fsync) and, on PostgreSQL, the server's CPU.
    private static double PerCpu(IReadOnlyList<TaskMeasurement> runs) => Stats.Median(runs.Select(m => m.Rows / (m.CpuSeconds ?? double.NaN)));

    private static string Row(string name, IReadOnlyList<TaskMeasurement> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Stats.Median(runs.Select(m => m.RowsPerSecond)):N0} | {Stats.Median(runs.Select(m => m.Seconds)):0.000} | {PerCpu(runs):N0} | {Stats.Median(runs.Select(m => m.PeakMiB)):0.0} | {string.Join(", ", runs.Select(m => m.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |");
}
