using System.Globalization;
using IntegrationHub.Bench.Running;
using IntegrationHub.Tests.Common.Postgres;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// Polling order rows from PostgreSQL into the store (issue 7): a PostgreSQL of its own with the simulator's ERP
/// schema and 1,000,000 orders, then, alternated, PostgreSQL's bare COPY of the rows, the poll's stages without a
/// store (<see cref="SqlStages"/>), the floor (the poller into a plain prepared INSERT, <see cref="FloorSink"/>) and the
/// hub's poll of them into a fresh SQLite store and into a fresh PostgreSQL store (a database of the same server:
/// issue 17, "on both stores where they apply"), each in a child process of its own so that its memory and CPU are its own.
/// </summary>
internal static class SqlBenchmark
{
    /// <summary>The poller's query, and (with -infinity for the watermark) the baseline's.</summary>
    public const string Query = "SELECT * FROM sales_orders WHERE updated_at >= @watermark ORDER BY updated_at, order_no";

    // A hang guard only: at a load average of 50-80 on 2 cores, a task of 1,000,000 rows runs several times its CPU time.
    private static readonly TimeSpan TaskLimit = TimeSpan.FromMinutes(30);

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

        var data = Path.Combine(folder, "data");
        var mappings = Path.Combine(settings.ErpDbFolder, "mappings");
        var runs = new Dictionary<string, List<(TaskMeasurement Run, string Load)>>();
        async Task MeasureAsync(string key, string[] arguments)
        {
            // The 1-minute load average before each run (issue 20 item 3), "NOISY" above 1.5.
            var load = RunLoad.Mark(RunLoad.AfterSettling());
            var m = await ChildProcess.MeasureAsync(ChildProcess.Self(["task", .. arguments], settings.ChildEnvironment), TaskLimit, cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"[sql] {key} (load {load}): {m}");
            (runs.TryGetValue(key, out var list) ? list : runs[key] = []).Add((m, load));
        }

        var i = CultureInfo.InvariantCulture;
        for (var round = 1; round <= settings.SqlRounds; round++)
        {
            Console.Error.WriteLine($"[sql] round {round}");
            await MeasureAsync("bare", ["sql-copy", erp]).ConfigureAwait(false);
            await MeasureAsync("ado-read", ["sql-stage", "ado-read", erp, data, mappings]).ConfigureAwait(false);
            await MeasureAsync("poll-read", ["sql-stage", "poll-read", erp, data, mappings]).ConfigureAwait(false);
            await MeasureAsync("poll-map", ["sql-stage", "poll-map", erp, data, mappings]).ConfigureAwait(false);
            await MeasureAsync("floor-sqlite", ["sql-stage", "floor", erp, data, mappings]).ConfigureAwait(false);
            await MeasureAsync("hub-sqlite", ["sql-poll", erp, data, mappings]).ConfigureAwait(false);
            var floorStore = await postgres.CreateDatabaseAsync(string.Create(i, $"floor_{round}"), cancellationToken).ConfigureAwait(false);
            await MeasureAsync("floor-postgresql", ["sql-stage", "floor", erp, Path.Combine(folder, "data-floor-pg"), mappings, floorStore]).ConfigureAwait(false);
            var store = await postgres.CreateDatabaseAsync(string.Create(i, $"hub_poll_{round}"), cancellationToken).ConfigureAwait(false);
            await MeasureAsync("hub-postgresql", ["sql-poll", erp, Path.Combine(folder, "data-pg"), mappings, store]).ConfigureAwait(false);
        }

        return SqlReport.Lines(settings.SqlRows, settings.SqlRounds, runs);
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
}
