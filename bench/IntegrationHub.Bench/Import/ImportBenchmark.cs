using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.DemoPlant;

namespace IntegrationHub.Bench.Import;

/// <summary>
/// Import of an order export: the bare CsvHelper read and the hub's full import of the same file, alternated, each
/// run in a child process of its own so that its peak memory is its own.
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

        var bare = new List<TaskMeasurement>();
        var hub = new List<TaskMeasurement>();
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
        }

        Console.Error.WriteLine("[import] stage breakdown");
        var stages = await ChildProcess.ReportAsync(
            ChildProcess.Self(["task", "import-stages", export, Path.Combine(folder, "stages"), settings.MappingsFolder], settings.ChildEnvironment),
            TaskLimit, cancellationToken).ConfigureAwait(false);

        var bareRate = Stats.Median(bare.Select(m => m.RowsPerSecond));
        var hubRate = Stats.Median(hub.Select(m => m.RowsPerSecond));
        var barePeak = Stats.Median(bare.Select(m => m.PeakMiB));
        var hubPeak = Stats.Median(hub.Select(m => m.PeakMiB));
        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"### Import: {settings.ImportRows:N0}-row order export (GB18030, {megabytes:0.0} MiB), median of {settings.ImportRepeats} runs each"),
            "",
            "| task | rows/s (median) | seconds (median) | peak RSS MiB (median) | runs (rows/s) |",
            "|---|---:|---:|---:|---|",
            Row("bare CsvHelper read", bare),
            Row("hub import (watcher → mapping → SQLite)", hub),
            string.Create(i, $"| **ratio hub / bare** | **{hubRate / bareRate:0.000}** ({bareRate / hubRate:0.0}× slower) | | **{hubPeak / barePeak:0.00}** | |"),
            "",
            "Hub import: " + hub[^1].Note + ".",
            "",
            .. stages,
        ];
    }

    private static string Row(string name, IReadOnlyList<TaskMeasurement> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Stats.Median(runs.Select(m => m.RowsPerSecond)):N0} | {Stats.Median(runs.Select(m => m.Seconds)):0.000} | {Stats.Median(runs.Select(m => m.PeakMiB)):0.0} | {string.Join(", ", runs.Select(m => m.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |");
}
