using System.Globalization;
using System.Runtime.CompilerServices;
using IntegrationHub.Hub.Host.Store.Copy;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The SQLite side of <c>hub store copy</c> (issue 17 item 5): the store file, opened so that no hub uses it while it
/// is copied, and read table by table as the copy plan names the columns, every value checked against its type.
/// </summary>
/// <remarks>
/// How the copy knows the hub is stopped: the file is opened with <c>PRAGMA locking_mode=EXCLUSIVE</c> and
/// <c>BEGIN EXCLUSIVE</c>. In WAL mode every connection that has read the database keeps a shared lock on the file
/// for as long as it is open, and a running hub keeps one open for its whole life
/// (<see cref="SqliteConnectionFactory"/>'s lock holder), so the exclusive lock is refused while a hub (or a hub admin
/// command) has the store open. Once taken, it is held until the copy ends: a hub started meanwhile cannot read or
/// write the store (SQLITE_BUSY), so nothing is written that the copy would miss.
/// </remarks>
internal sealed class SqliteCopySource : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteCopySource(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    public string Describe() => $"SQLite {Path}";

    /// <summary>
    /// Opens <paramref name="path"/> under the exclusive lock and checks it is a hub store at
    /// <see cref="StoreCopyPlan.SqliteVersion"/> whose tables and columns are those of the plan.
    /// </summary>
    /// <exception cref="StoreCopyException">A refusal: no such file, in use, another version, unknown tables.</exception>
    public static async Task<SqliteCopySource> OpenAsync(string path, TimeSpan lockWait, CancellationToken cancellationToken)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw StoreCopyException.Refuse(
                $"There is no SQLite store at {path}. Hub:DataFolder (and Hub:Store:SqlitePath) must point at the stopped hub's data folder.");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            // Never creates a file; the copy writes nothing to the source.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)lockWait.TotalSeconds),
        }.ToString());
        var source = new SqliteCopySource(path, connection);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await source.LockAsync(lockWait, cancellationToken).ConfigureAwait(false);
            await source.CheckVersionAsync(cancellationToken).ConfigureAwait(false);
            await source.CheckTablesAsync(cancellationToken).ConfigureAwait(false);
            return source;
        }
        catch (SqliteException ex)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw StoreCopyException.Refuse($"The SQLite store {path} cannot be read: {ex.Message}");
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The rows the copy will read from <paramref name="table"/>.</summary>
    public async Task<long> CountAsync(CopyTable table, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {From(table)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The rows of <paramref name="table"/>, one array per row in the plan's column order, each value of the plan's
    /// type (string, long, int, double, byte[]) or null.
    /// </summary>
    /// <exception cref="StoreCopyException">A value that is not of its column's type, naming table, row and column.</exception>
    public async IAsyncEnumerable<object?[]> ReadAsync(CopyTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        // Names come from the plan (constants), never from input.
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {From(table)}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[table.Columns.Count];
            string? problem = null;
            for (var i = 0; i < row.Length; i++)
            {
                (row[i], var error) = Value(reader, i, table.Columns[i]);
                problem ??= error;
            }

            if (problem is not null)
            {
                throw StoreCopyException.Fail($"Table {table.Name}, row {table.DescribeKey(row)}: {problem}. PostgreSQL would refuse it; correct the row in the SQLite store, then copy again.");
            }

            yield return row;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing ends the read transaction and releases the exclusive lock (the copy wrote nothing to the source).
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// SQLite is typed per value: a value of another storage class than its column declares is possible in a file
    /// written by other tools. Each is checked here, so that the error names its row instead of PostgreSQL's COPY.
    /// </summary>
    private static (object? Value, string? Problem) Value(SqliteDataReader reader, int ordinal, CopyColumn column)
    {
        if (reader.IsDBNull(ordinal))
        {
            return (null, column.Nullable ? null : $"column {column.Name} is NULL, which it may not be");
        }

        var stored = reader.GetFieldType(ordinal);
        return column.Type switch
        {
            CopyColumnType.Text when stored == typeof(string) => (reader.GetString(ordinal), null),
            CopyColumnType.BigInt when stored == typeof(long) => (reader.GetInt64(ordinal), null),
            CopyColumnType.Integer when stored == typeof(long) => Int32(reader.GetInt64(ordinal), column),
            CopyColumnType.DoublePrecision when stored == typeof(double) || stored == typeof(long) => (reader.GetDouble(ordinal), null),
            CopyColumnType.Bytes when stored == typeof(byte[]) => (reader.GetFieldValue<byte[]>(ordinal), null),
            _ => (null, $"column {column.Name} should hold {column.Type.ToString().ToLowerInvariant()} but holds a value of type {StorageClass(stored)}"),
        };
    }

    private static (object? Value, string? Problem) Int32(long value, CopyColumn column) =>
        value is >= int.MinValue and <= int.MaxValue
            ? ((int)value, null)
            : (value, $"column {column.Name} holds {value.ToString(CultureInfo.InvariantCulture)}, outside PostgreSQL's INTEGER");

    private static string StorageClass(Type stored) =>
        stored == typeof(long) ? "integer" : stored == typeof(double) ? "real" : stored == typeof(string) ? "text" : "blob";

    private static string From(CopyTable table) => table.NotRolledUpReadings
        ? $"{StoreCopyPlan.ReadingsTable} WHERE rowid > (SELECT raw_rowid FROM {StoreCopyPlan.SqliteRollupProgressTable} WHERE id = 1)"
        : table.Name;

    private async Task LockAsync(TimeSpan lockWait, CancellationToken cancellationToken)
    {
        await ExecuteAsync($"PRAGMA locking_mode=EXCLUSIVE; PRAGMA busy_timeout={(long)lockWait.TotalMilliseconds}", cancellationToken).ConfigureAwait(false);
        try
        {
            // The first read under EXCLUSIVE locking mode takes the file's exclusive lock; the open transaction keeps
            // the snapshot, and the connection keeps the lock, until the copy is over.
            await ExecuteAsync("BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master", cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY / SQLITE_LOCKED: another connection has the file open.
            throw StoreCopyException.Refuse(
                $"The SQLite store {Path} is in use: a hub (or a hub admin command) has it open. Stop the hub first " +
                "(for example: systemctl stop integrationhub), then run the copy again; while it copies, the copy holds the store's exclusive lock, so no hub can write to it.");
        }
    }

    private async Task CheckVersionAsync(CancellationToken cancellationToken)
    {
        if (!await TableExistsAsync(StoreCopyPlan.MigrationsTable, cancellationToken).ConfigureAwait(false))
        {
            throw StoreCopyException.Refuse($"{Path} is not a hub store (it has no {StoreCopyPlan.MigrationsTable} table).");
        }

        var applied = new HashSet<int>();
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"SELECT version FROM {StoreCopyPlan.MigrationsTable}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var version = applied.Count == 0 ? 0 : applied.Max();
        if (version > StoreCopyPlan.SqliteVersion)
        {
            throw StoreCopyException.Refuse(
                $"The SQLite store {Path} is at schema version {version}, newer than this hub copies ({StoreCopyPlan.SqliteVersion}). Run 'hub store copy' of the hub version that last ran on this store.");
        }

        var missing = SchemaMigrations.All.Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
        if (version < StoreCopyPlan.SqliteVersion || missing.Count > 0)
        {
            throw StoreCopyException.Refuse(
                $"The SQLite store {Path} is at schema version {version} (steps missing: {string.Join(", ", missing)}); this hub copies version {StoreCopyPlan.SqliteVersion}. " +
                "Start this hub version once on the data folder (it brings the store to its version at start), stop it, then copy again.");
        }
    }

    /// <summary>The store's tables and columns must be the plan's, so that nothing is left behind unseen.</summary>
    private async Task CheckTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var planned = StoreCopyPlan.SqliteTables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var name in tables.Where(t => t is not StoreCopyPlan.MigrationsTable and not StoreCopyPlan.SqliteRollupProgressTable
            && !StoreCopyPlan.SqliteFeedTables.Contains(t) && !planned.ContainsKey(t)))
        {
            problems.Add($"table {name} is not one the copy knows");
        }

        foreach (var table in planned.Values)
        {
            if (!tables.Contains(table.Name))
            {
                problems.Add($"table {table.Name} is missing");
                continue;
            }

            var columns = new List<string>();
            await using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table.Name}')";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(reader.GetString(0));
            }

            var expected = table.Columns.Select(c => c.Name).ToList();
            if (!columns.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
            {
                problems.Add($"table {table.Name} has columns ({string.Join(", ", columns)}), the copy expects ({string.Join(", ", expected)})");
            }
        }

        if (problems.Count > 0)
        {
            throw StoreCopyException.Refuse(
                $"The SQLite store {Path} does not have the tables of schema version {StoreCopyPlan.SqliteVersion}: {string.Join("; ", problems)}.");
        }
    }

    private async Task<bool> TableExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
