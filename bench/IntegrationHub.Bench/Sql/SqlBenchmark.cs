using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// Polling order rows from PostgreSQL into the store (issue 7): a PostgreSQL of its own with the simulator's ERP
/// schema and 1,000,000 orders, then, alternated, PostgreSQL's bare COPY of the rows and the hub's poll of them into
/// a fresh SQLite store and into a fresh PostgreSQL store (a database of the same server: issue 17, "on both stores
/// where they apply"), each in a child process of its own so that its peak memory is its own.
/// </summary>
internal static class SqlBenchmark
{
    /// <summary>The poller's query, and (with -infinity for the watermark) the baseline's.</summary>
    public const string Query = "SELECT * FROM sales_orders WHERE updated_at >= @watermark ORDER BY updated_at, order_no";

    private static readonly TimeSpan TaskLimit = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<string>> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.WorkFolder, "sql");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Console.Error.WriteLine("[sql] starting PostgreSQL");
        await using var postgres = await PostgresServer.StartAsync(cancellationToken).ConfigureAwait(false);
        var erp = await postgres.CreateDatabaseAsync("erp", cancellationToken).ConfigureAwait(false);
        await PostgresServer.ExecuteAsync(erp, await File.ReadAllTextAsync(Path.Combine(settings.ErpDbFolder, "schema.sql"), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"[sql] inserting {settings.SqlRows:N0} orders");
        await PostgresServer.ExecuteAsync(erp, Seed(settings.SqlRows), cancellationToken).ConfigureAwait(false);

        var bare = new List<TaskMeasurement>();
        var hub = new List<TaskMeasurement>();
        var hubPg = new List<TaskMeasurement>();
        for (var round = 1; round <= settings.SqlRounds; round++)
        {
            var b = await ChildProcess.MeasureAsync(ChildProcess.Self(["task", "sql-copy", erp], settings.ChildEnvironment), TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[sql] round {round}: {b}");
            bare.Add(b);
            var h = await ChildProcess.MeasureAsync(
                ChildProcess.Self(["task", "sql-poll", erp, Path.Combine(folder, "data"), Path.Combine(settings.ErpDbFolder, "mappings")], settings.ChildEnvironment),
                TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[sql] round {round}: {h}");
            hub.Add(h);
            var store = await postgres.CreateDatabaseAsync(string.Create(CultureInfo.InvariantCulture, $"hub_poll_{round}"), cancellationToken).ConfigureAwait(false);
            var p = await ChildProcess.MeasureAsync(
                ChildProcess.Self(["task", "sql-poll", erp, Path.Combine(folder, "data-pg"), Path.Combine(settings.ErpDbFolder, "mappings"), store], settings.ChildEnvironment),
                TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[sql] round {round}: {p}");
            hubPg.Add(p);
        }

        var i = CultureInfo.InvariantCulture;
        return
        [
            string.Create(i, $"### Database polling: {settings.SqlRows:N0} order rows from PostgreSQL, median of {settings.SqlRounds} runs each"),
            "",
            "| task | rows/s (median) | seconds (median) | rows per CPU-second (median) | peak RSS MiB (median) | runs (rows/s) |",
            "|---|---:|---:|---:|---:|---|",
            Row("bare `COPY (query) TO STDOUT` read by Npgsql", bare),
            Row("hub poll (SqlSourcePoller → mapping → SQLite, watermark per batch of 5,000)", hub),
            Row("hub poll (SqlSourcePoller → mapping → PostgreSQL, watermark per batch of 5,000)", hubPg),
            Ratio("SQLite", hub, bare),
            Ratio("PostgreSQL", hubPg, bare),
            "",
            $"Query: `{Query}`. Bare: {bare[^1].Note}. Hub on SQLite: {hub[^1].Note}. Hub on PostgreSQL: {hubPg[^1].Note}.",
            "The PostgreSQL store is a database of the same server as the source, started as the test fixture starts it "
                + "(fsync=off, synchronous_commit=off): its commits wait for no disk, where SQLite's (synchronous FULL) do. "
                + "Rows per CPU-second count the measured process's own CPU (user + system; the server's, which serves the bare "
                + "COPY as well as the poll and the PostgreSQL store, not included): steadier than rows/s when other work shares the CPUs.",
        ];
    }

    private static string Ratio(string store, IReadOnlyList<TaskMeasurement> hub, IReadOnlyList<TaskMeasurement> bare)
    {
        var bareRate = Stats.Median(bare.Select(m => m.RowsPerSecond));
        var hubRate = Stats.Median(hub.Select(m => m.RowsPerSecond));
        return string.Create(CultureInfo.InvariantCulture,
            $"| **ratio hub on {store} / bare** | **{hubRate / bareRate:0.000}** ({bareRate / hubRate:0.0}× slower) | | **{PerCpu(hub) / PerCpu(bare):0.000}** | **{Stats.Median(hub.Select(m => m.PeakMiB)) / Stats.Median(bare.Select(m => m.PeakMiB)):0.00}** | |");
    }

    // Orders with distinct, rising updated_at times (1 ms apart), spread over 36 customers, as an ERP accumulates them.
    private static string Seed(int rows) => string.Create(CultureInfo.InvariantCulture, $"""
        INSERT INTO customers (customer_code, name)
        SELECT 'C' || lpad(i::text, 3, '0'), 'Customer ' || i FROM generate_series(1, 36) AS i;
        INSERT INTO sales_orders (order_no, customer_code, order_date, promised_date, status, currency, total_amount, updated_at)
        SELECT 'SO-B-' || lpad(i::text, 7, '0'), 'C' || lpad((1 + i % 36)::text, 3, '0'),
               date '2025-01-01' + (i % 600), date '2025-01-01' + (i % 600) + 30, 'Open', 'CNY',
               100 + (i % 1000000) / 100.0, timestamptz '2026-01-01 00:00:00+00' + i * interval '1 millisecond'
        FROM generate_series(1, {rows}) AS i;
        ANALYZE;
        """);

    // Rows per second of the measured process's own CPU (user + system): steadier than the clock when other work shares
    // the CPUs; it leaves out waiting (fsync) and, on PostgreSQL, the server's CPU.
    private static double PerCpu(IReadOnlyList<TaskMeasurement> runs) => Stats.Median(runs.Select(m => m.Rows / (m.CpuSeconds ?? double.NaN)));

    private static string Row(string name, IReadOnlyList<TaskMeasurement> runs) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Stats.Median(runs.Select(m => m.RowsPerSecond)):N0} | {Stats.Median(runs.Select(m => m.Seconds)):0.000} | {PerCpu(runs):N0} | {Stats.Median(runs.Select(m => m.PeakMiB)):0.0} | {string.Join(", ", runs.Select(m => m.RowsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |");
}
