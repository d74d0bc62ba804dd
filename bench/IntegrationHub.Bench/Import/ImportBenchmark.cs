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
        var floor = new List<TaskMeasurement>();
        var floorPg = new List<TaskMeasurement>();
        var loads = new List<double>();
        for (var run = 1; run <= settings.ImportRepeats; run++)
        {
            var c = CultureInfo.InvariantCulture;
            // The 1-minute load average before each round (issue 20 item 3): above 1.5 the round is NOISY.
            loads.Add(RunLoad.AfterSettling());
            await MeasureAsync(bare, run, "bare-csv", export).ConfigureAwait(false);
            await MeasureAsync(hub, run, "hub-import", export, Path.Combine(folder, "data"), settings.MappingsFolder).ConfigureAwait(false);
            var store = await postgres.CreateDatabaseAsync(string.Create(c, $"hub_import_{run}"), cancellationToken).ConfigureAwait(false);
            await MeasureAsync(hubPg, run, "hub-import", export, Path.Combine(folder, "data-pg"), settings.MappingsFolder, store).ConfigureAwait(false);
            await MeasureAsync(floor, run, "import-floor", export, Path.Combine(folder, string.Create(c, $"floor-{run}")), settings.MappingsFolder).ConfigureAwait(false);
            var floorStore = await postgres.CreateDatabaseAsync(string.Create(c, $"hub_import_floor_{run}"), cancellationToken).ConfigureAwait(false);
            await MeasureAsync(floorPg, run, "import-floor", export, Path.Combine(folder, "floor-pg"), settings.MappingsFolder, floorStore).ConfigureAwait(false);
        }

        // One measured task in a child process of its own.
        async Task MeasureAsync(List<TaskMeasurement> into, int run, params string[] task)
        {
            var measured = await ChildProcess.MeasureAsync(
                ChildProcess.Self(["task", .. task], settings.ChildEnvironment), TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[import] run {run}: {measured}");
            into.Add(measured);
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
            Row("floor: the same entity rows, plain prepared INSERT into a fresh SQLite `entities`", floor),
            Row("floor: the same entity rows, binary COPY into a fresh PostgreSQL `entities`", floorPg),
            Ratio("hub on SQLite / bare (the issue's aim: 0.2)", hub, bare),
            Ratio("hub on PostgreSQL / bare (the issue's aim: 0.2)", hubPg, bare),
            Ratio("hub on SQLite / SQLite floor", hub, floor),
            Ratio("hub on PostgreSQL / PostgreSQL floor", hubPg, floorPg),
            Ratio("SQLite floor / bare (the most the aim could reach on SQLite)", floor, bare),
            Ratio("PostgreSQL floor / bare", floorPg, bare),
            "",
            "Ratios: the median of the per-round ratios (each round runs every task once, in turn). Load average (1 min) before each round: "
                + string.Join(", ", loads.Select(RunLoad.Mark)) + ". " + RunLoad.Summary(loads),
            "",
            "Floor: the export's rows read, mapped and serialized before its clock starts, then only the inserts into a "
                + "fresh store's `entities` (the hub's schema and indexes, the store's own connection settings), one "
                + "transaction per batch of Hub:Files:BatchSize rows, as the hub commits: on SQLite one prepared plain INSERT on "
                + "SQLite's own handle, on PostgreSQL one binary COPY per batch. It is the database's own work for these rows; "
                + "hub / floor shows how much of the gap to the bare read is the hub's. The floor's rows per CPU-second count "
                + "only its inserts, so its CPU ratio to the bare read is not a whole import's.",
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

    private static string Ratio(string name, IReadOnlyList<TaskMeasurement> measured, IReadOnlyList<TaskMeasurement> reference)
    {
        // Runs of the same index were taken in the same round, minutes apart under the same load.
        var rate = RoundRatio.Of(measured.Zip(reference, (m, r) => m.RowsPerSecond / r.RowsPerSecond));
        var cpu = RoundRatio.Of(measured.Zip(reference, (m, r) => (m.Rows / (m.CpuSeconds ?? double.NaN)) / (r.Rows / (r.CpuSeconds ?? double.NaN))));
        var memory = RoundRatio.Of(measured.Zip(reference, (m, r) => m.PeakMiB / r.PeakMiB));
        return string.Create(CultureInfo.InvariantCulture,
            $"| **ratio {name}** | **{rate.Median:0.000}** ({1 / rate.Median:0.0}× slower) | | **{cpu.Median:0.000}** | **{memory.Median:0.00}** | {rate.Describe("0.000")} |");
    }

    // Rows per second of the measured process's own CPU (user + system): steadier than the clock when other work shares
    // the CPUs; it leaves out waiting (fsync) and, on PostgreSQL, the server's CPU.
    private static double PerCpu(IReadOnlyList<TaskMeasurement> runs) => Stats.Median(runs.Select(m => m.Rows / (m.CpuSeconds ?? double.NaN)));

    private static string Row(string name, IReadOnlyList<TaskMeasurement> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Stats.Median(runs.Select(m => m.RowsPerSecond)):N0} | {Stats.Median(runs.Select(m => m.Seconds)):0.000} | {PerCpu(runs):N0} | {Stats.Median(runs.Select(m => m.PeakMiB)):0.0} | {string.Join(", ", runs.Select(m => m.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |");
}
