using System.Diagnostics;
using Npgsql;

namespace IntegrationHub.Bench.Stores;

/// <summary>
/// The store a benchmarked hub runs on: SQLite in its data folder (the default) or a PostgreSQL database, given to
/// <c>hub run</c> and to the benchmark's own hub processes as a site gives it (<c>Hub:Store:Provider</c>, and the
/// connection string in the environment as <c>Hub__Store__ConnectionString</c>).
/// </summary>
internal sealed class BenchStore
{
    private BenchStore(string name, string? connectionString, string? database)
    {
        Name = name;
        ConnectionString = connectionString;
        Database = database;
    }

    public static BenchStore Sqlite { get; } = new("SQLite", null, null);

    /// <summary>SQLite or PostgreSQL, for tables.</summary>
    public string Name { get; }

    public string? ConnectionString { get; }

    /// <summary>The PostgreSQL database's name; null on SQLite.</summary>
    public string? Database { get; }

    public bool IsPostgreSql => ConnectionString is not null;

    /// <summary>The command-line settings of <c>hub</c> that choose this store.</summary>
    public IReadOnlyList<string> HubArguments => IsPostgreSql ? ["--Hub:Store:Provider=postgresql"] : [];

    /// <summary>The environment of a <c>hub</c> process on this store.</summary>
    public IReadOnlyDictionary<string, string> Environment => IsPostgreSql
        ? new Dictionary<string, string> { ["Hub__Store__Provider"] = "postgresql", ["Hub__Store__ConnectionString"] = ConnectionString! }
        : new Dictionary<string, string>();

    /// <summary>The in-memory settings of a hub composed in the benchmark's own process (<see cref="Running.HubServices"/>).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings => IsPostgreSql
        ? [new("Hub:Store:Provider", "postgresql"), new("Hub:Store:ConnectionString", ConnectionString)]
        : [];

    public static BenchStore PostgreSql(string connectionString, string database) => new("PostgreSQL", connectionString, database);

    /// <summary>The stores that <c>--store</c> names: sqlite, postgresql or both (SQLite first).</summary>
    public static IReadOnlyList<string> Kinds(string? option, string whenNotGiven) => (option ?? whenNotGiven) switch
    {
        "sqlite" => ["sqlite"],
        "postgresql" => ["postgresql"],
        "both" => ["sqlite", "postgresql"],
        var other => throw new ArgumentException($"--store takes sqlite, postgresql or both, not '{other}'."),
    };

    public ProcessStartInfo ApplyTo(ProcessStartInfo start)
    {
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Opens a connection of the benchmark's own to the hub's database (PostgreSQL only), for sizes and CPU.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, ApplicationName = "bench" }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// CPU seconds (user + system) of the PostgreSQL backends connected to this database now, from /proc: the hub's
    /// pooled connections, which live as long as the run. Not the server's shared processes (WAL writer,
    /// checkpointer, autovacuum).
    /// </summary>
    public async Task<double> BackendCpuSecondsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Database });
        var total = 0.0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var seconds = Running.ProcessCpu.SecondsOf(reader.GetInt32(0));
            total += double.IsNaN(seconds) ? 0 : seconds;
        }

        return total;
    }

    /// <summary>The raw history's size (all its partitions, indexes and TOAST) and the rollup queue's, in MiB.</summary>
    public async Task<(double RawMiB, double PendingMiB)> TableSizesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('telemetry_readings'))::bigint,
                   pg_total_relation_size('telemetry_rollup_pending')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        const double MiB = 1024 * 1024;
        return (reader.GetInt64(0) / MiB, reader.GetInt64(1) / MiB);
    }

    /// <summary>VACUUM ANALYZE of the whole database after a bulk fill, and its size afterwards, as a line for the report.</summary>
    public async Task<string> VacuumAnalyzeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        var bytes = (long)(await size.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"After seeding: `VACUUM ANALYZE` ({seconds:0.0} s; autovacuum would do it within its naptime, done here so that it is not inside a timed round); database {bytes / 1048576.0:0} MiB (pg_database_size). The SQLite stage breakdown is not run on PostgreSQL.");
    }

    /// <summary>
    /// <c>EXPLAIN (ANALYZE, BUFFERS)</c> of <paramref name="sql"/> with its one parameter <c>$1</c> replaced by the quoted
    /// <paramref name="value"/> (PostgreSQL 15 has no EXPLAIN of a generic plan, and a PREPARE naming $1 cannot go
    /// through the extended protocol), run twice so the second shows a warm cache. Returns the plan's lines for the
    /// report as a code block, or a line saying why there is none: the explain never stops the benchmark.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(string sql, string value, CancellationToken cancellationToken)
    {
        var text = "EXPLAIN (ANALYZE, BUFFERS) " + sql.Replace("$1", "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'", StringComparison.Ordinal);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var plan = new List<string>();
            for (var run = 0; run < 2; run++)
            {
                plan.Clear();
                await using var explain = new NpgsqlCommand(text, connection);
                await using var reader = await explain.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    plan.Add(reader.GetString(0));
                }
            }

            return ["```", text + " (second run)", .. plan, "```"];
        }
        catch (PostgresException ex)
        {
            return ["(No plan: " + ex.MessageText + ")"];
        }
    }
}
