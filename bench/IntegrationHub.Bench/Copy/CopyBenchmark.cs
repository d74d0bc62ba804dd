using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Bench.Stores;

namespace IntegrationHub.Bench.Copy;

/// <summary>
/// <c>hub store copy --to postgresql</c>'s speed (issue 17 item 5): a SQLite store filled through the hub's own write
/// path (<see cref="BenchSettings.CopyOrders"/> orders with their lines, then <see cref="BenchSettings.CopyReadings"/>
/// telemetry readings, rolled up), the hub stopped, then the real CLI copies it into a fresh database of a PostgreSQL
/// cluster of the benchmark's own (durability on). The reference in the same run: the same tables read through the
/// copy's own SQLite reader with nothing written, so that the copy's cost per table beyond reading shows.
/// </summary>
internal static class CopyBenchmark
{
    private static readonly TimeSpan SeedLimit = TimeSpan.FromMinutes(40);
    private static readonly TimeSpan CopyLimit = TimeSpan.FromMinutes(40);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var i = CultureInfo.InvariantCulture;
        var folder = Path.Combine(settings.WorkFolder, "copy");
        Directory.CreateDirectory(folder);
        var data = Path.Combine(folder, "data");
        var loadBefore = Machine.LoadAverage();

        Console.Error.WriteLine($"[copy] seeding {settings.CopyOrders:N0} orders and {settings.CopyReadings:N0} readings into a fresh SQLite store");
        var orders = await ChildProcess.MeasureAsync(ChildProcess.Self(
            ["task", "seed", data, settings.CopyOrders.ToString(i), "C001", Path.Combine(folder, "orders-C001.txt")], settings.ChildEnvironment),
            SeedLimit, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[copy] {orders}");
        var readings = await ChildProcess.MeasureAsync(ChildProcess.Self(
            ["task", "seed-readings", data, settings.CopyReadings.ToString(i)], settings.ChildEnvironment),
            SeedLimit, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[copy] {readings}");
        var database = Path.Combine(data, "hub.db");
        var databaseMiB = new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0;

        Console.Error.WriteLine("[copy] reference: reading every table through the copy's SQLite reader");
        var loadRead = Machine.LoadAverage();
        var reads = (await ChildProcess.ReportAsync(ChildProcess.Self(["task", "copy-read", database], settings.ChildEnvironment), CopyLimit, cancellationToken).ConfigureAwait(false))
            .Select(l => l.Split(' ')).ToDictionary(f => f[0], f => (Rows: long.Parse(f[1], i), Seconds: double.Parse(f[2], i), Cpu: double.Parse(f[3], i)), StringComparer.Ordinal);

        await using var postgres = await BenchPostgres.StartAsync(cancellationToken).ConfigureAwait(false);
        var target = await postgres.NewStoreAsync("copy", cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[copy] hub store copy --to postgresql into {target.Database}");
        var output = Path.Combine(folder, "copy-output.txt");
        var cpuFile = Path.Combine(folder, "copy-cpu.txt");
        // The shell's `times` gives the CLI's CPU seconds (user + system) once it has exited.
        var copy = ChildProcess.Program("sh", "-c", "\"$1\" store copy --to postgresql > \"$2\"; rc=$?; times > \"$3\"; exit $rc",
            "sh", settings.HubExecutable, output, cpuFile);
        copy.Environment["Hub__DataFolder"] = data;
        copy.Environment["Hub__Store__ConnectionString"] = target.ConnectionString!;
        foreach (var (name, value) in settings.ChildEnvironment)
        {
            copy.Environment[name] = value;
        }

        var loadCopy = Machine.LoadAverage();
        var started = Stopwatch.GetTimestamp();
        await ChildProcess.RunAsync(copy, CopyLimit, cancellationToken).ConfigureAwait(false);
        var copySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var copyCpu = ShellTimes.ChildrenCpuSeconds(await File.ReadAllTextAsync(cpuFile, cancellationToken).ConfigureAwait(false));
        var copied = ParseCounts(await File.ReadAllLinesAsync(output, cancellationToken).ConfigureAwait(false));

        var totalRows = copied.Sum(c => c.Rows);
        var totalRead = reads.Values.Sum(r => r.Seconds);
        List<string> lines =
        [
            string.Create(i, $"#### Store copy: `hub store copy --to postgresql`, SQLite ({databaseMiB:0} MiB with WAL) to an empty PostgreSQL database, {totalRows:N0} rows"),
            "",
            string.Create(i, $"Seeded through SqliteHubStore.ApplyAsync: {orders}; {readings}."),
            "",
            "| table | rows | copy s | copy rows/s | read only s | read rows/s | copy / read |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ];
        foreach (var (table, rows, seconds) in copied)
        {
            var read = reads.GetValueOrDefault(table);
            lines.Add(string.Create(i,
                $"| {table} | {rows:N0} | {seconds:0.000} | {Rate(rows, seconds)} | {read.Seconds:0.000} | {Rate(read.Rows, read.Seconds)} | {(read.Seconds > 0 ? (seconds / read.Seconds).ToString("0.0", i) : "-")} |"));
        }

        lines.Add(string.Create(i,
            $"| **total** (CLI wall clock, start-up, schema checks and commit included) | {totalRows:N0} | {copySeconds:0.000} | {Rate(totalRows, copySeconds)} | {totalRead:0.000} | {Rate(totalRows, totalRead)} | {copySeconds / totalRead:0.0} |"));
        lines.Add("");
        lines.Add(string.Create(i,
            $"CPU: the copy CLI {copyCpu:0.0} s ({copyCpu * 1e6 / totalRows:0.0} µs a row), the read-only reference {reads.Values.Sum(r => r.Cpu):0.0} s ({reads.Values.Sum(r => r.Cpu) * 1e6 / totalRows:0.0} µs a row); PostgreSQL's backend is not counted (it exits with the CLI's connection)."));
        lines.Add($"Load average before seeding: {loadBefore}; before the reference read: {loadRead}; before the copy: {loadCopy}; at the end: {Machine.LoadAverage()}.");
        lines.Add("PostgreSQL: " + await postgres.DescribeAsync(cancellationToken).ConfigureAwait(false) + ".");
        return lines;

        static string Rate(long rows, double seconds) => seconds > 0 ? (rows / seconds).ToString("N0", CultureInfo.InvariantCulture) : "-";
    }

    /// <summary>The CLI's table of counts: <c>table  source rows  target rows  seconds</c>, one line a table.</summary>
    private static List<(string Table, long Rows, double Seconds)> ParseCounts(IEnumerable<string> output)
    {
        var tables = new List<(string, long, double)>();
        foreach (var line in output.SkipWhile(l => !l.StartsWith("table ", StringComparison.Ordinal)).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4)
            {
                break;
            }

            tables.Add((fields[0], long.Parse(fields[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), double.Parse(fields[3], CultureInfo.InvariantCulture)));
        }

        return tables.Count > 0 ? tables : throw new InvalidOperationException("hub store copy printed no table of counts:\n" + string.Join('\n', output));
    }
}
