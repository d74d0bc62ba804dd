using System.Globalization;
using IntegrationHub.Hub.Host.Store.Copy;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// The PostgreSQL side of <c>hub store copy</c> (issue 17 item 5): an empty database, migrated to the current schema,
/// then every table written in ONE transaction (binary COPY, readings into their day partitions, made in the same
/// transaction), counted inside it and committed only when every count matches. Anything that goes wrong before the
/// commit rolls it all back: the target keeps the hub's (empty) schema and no row, and the copy may simply run again.
/// </summary>
/// <remarks>
/// Partition DDL is transactional in PostgreSQL, so the day partitions the copy makes vanish with a rollback too. The
/// migration runs before, in its own transactions (PostgreSqlMigrator), and stays: an empty schema counts as empty.
/// The transaction locks every hub table (ACCESS EXCLUSIVE), after the partitions' advisory lock as the hub takes
/// them, so a hub started on the target meanwhile waits for the commit instead of writing beside the copy.
/// </remarks>
internal sealed partial class PostgreSqlCopyTarget : IAsyncDisposable
{
    private readonly PostgreSqlConnections _connections;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly HashSet<long> _days;

    private PostgreSqlCopyTarget(PostgreSqlConnections connections, NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<long> days)
    {
        _connections = connections;
        _connection = connection;
        _transaction = transaction;
        _days = [.. days];
    }

    public string Describe() => _connections.Describe();

    /// <summary>
    /// Refuses a target holding any row of a hub table, migrates it to <see cref="PostgreSqlSchema.Latest"/>, and
    /// begins the copy's transaction with every hub table locked and seen empty again under the lock.
    /// </summary>
    /// <exception cref="StoreCopyException">A refusal: the target holds rows, or another schema than the plan's.</exception>
    /// <exception cref="Hosting.HubConfigurationException">The target cannot be reached or used (names the setting, never the password).</exception>
    public static async Task<PostgreSqlCopyTarget> OpenAsync(PostgreSqlConnections connections, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            // Before migrating: a database holding a hub's rows is another site's, not ours to change, even by a step.
            await using (var probe = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                RefuseRows(connections, await TablesWithRowsAsync(probe, null, cancellationToken).ConfigureAwait(false));
            }

            var version = await new PostgreSqlMigrator(connections, time, logger).MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (version != StoreCopyPlan.PostgreSqlVersion)
            {
                throw StoreCopyException.Refuse(
                    $"This hub's PostgreSQL schema is at version {version}; its copy writes version {StoreCopyPlan.PostgreSqlVersion}. Use 'hub store copy' of the same hub version as the one that will run on the target.");
            }

            connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            RefuseRows(connections, await TablesWithRowsAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            await CheckColumnsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var days = await RawPartitions.ListAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            return new PostgreSqlCopyTarget(connections, connection, transaction, days);
        }
        catch (NpgsqlException ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw PostgreSqlStartupError.From(ex, connections);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The hub tables of the target that hold rows, on a connection of its own: after a failure, to say so.</summary>
    public static async Task<IReadOnlyList<string>> TablesWithRowsAsync(PostgreSqlConnections connections, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await TablesWithRowsAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The rows <paramref name="table"/> holds inside the copy's transaction.</summary>
    public Task<long> CountAsync(CopyTable table, CancellationToken cancellationToken) => GuardAsync(table.Name, async () =>
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table.Name}", _connection, _transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    });

    /// <summary>Commits the copy: the only point at which the target's rows become visible.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => GuardAsync("(commit)", async () =>
    {
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return 0L;
    });

    /// <summary>Rolls back unless committed, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // A broken connection: the server rolled the transaction back when the session ended.
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static void RefuseRows(PostgreSqlConnections connections, IReadOnlyList<string> tables)
    {
        if (tables.Count > 0)
        {
            throw StoreCopyException.Refuse(
                $"The target database is not empty: {string.Join(", ", tables)} hold rows ({connections.Target}). The copy writes only into an empty database, " +
                "so that it never mixes two sites: create a new database (CREATE DATABASE ... OWNER ...) and point Hub:Store:ConnectionString at it.");
        }
    }

    private static async Task<IReadOnlyList<string>> TablesWithRowsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var existing = new List<string>();
        await using (var command = new NpgsqlCommand("""
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)
            """, connection, transaction))
        {
            command.Parameters.Add(Pg.TextArray(StoreCopyPlan.Tables.Select(t => t.Name)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing.Add(reader.GetString(0));
            }
        }

        var withRows = new List<string>();
        // In the plan's order; the names are the plan's constants, matched above against the catalogue.
        foreach (var table in StoreCopyPlan.Tables.Where(t => existing.Contains(t.Name)))
        {
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table.Name})", connection, transaction);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                withRows.Add(table.Name);
            }
        }

        return withRows;
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // The partitions' advisory lock first, then the tables: the order in which the hub takes them when it makes a
        // day partition, so that a hub starting on the target waits instead of deadlocking.
        await using (var partitions = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            partitions.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = RawPartitions.LockKey });
            await partitions.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var tables = new NpgsqlCommand(
            $"LOCK TABLE {string.Join(", ", StoreCopyPlan.Tables.Select(t => t.Name))} IN ACCESS EXCLUSIVE MODE", connection, transaction);
        await tables.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The migrated target must hold exactly the plan's columns, so that no column is left out unseen. A generated column
    /// (rule_inputs.slot, issue 18 item 2) is the server's to compute from the copied ones, and cannot be written.
    /// </summary>
    private static async Task CheckColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ANY($1) AND is_generated = 'NEVER'
            """, connection, transaction))
        {
            command.Parameters.Add(Pg.TextArray(StoreCopyPlan.Tables.Select(t => t.Name)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = reader.GetString(0);
                if (!columns.TryGetValue(name, out var list))
                {
                    columns[name] = list = [];
                }

                list.Add(reader.GetString(1));
            }
        }

        var problems = new List<string>();
        foreach (var table in StoreCopyPlan.Tables)
        {
            var found = columns.GetValueOrDefault(table.Name) ?? [];
            var expected = table.Columns.Select(c => c.Name).ToList();
            if (!found.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
            {
                problems.Add($"table {table.Name} has columns ({string.Join(", ", found)}), the copy expects ({string.Join(", ", expected)})");
            }
        }

        if (problems.Count > 0)
        {
            throw StoreCopyException.Refuse(
                string.Create(CultureInfo.InvariantCulture, $"The target's schema is not the one the copy writes (version {StoreCopyPlan.PostgreSqlVersion}): {string.Join("; ", problems)}."));
        }
    }

    /// <summary>A lost connection or a server error outside a COPY, as a failure naming the table.</summary>
    private async Task<T> GuardAsync<T>(string table, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            throw StoreCopyException.Fail(_connections.Scrub($"Table {table}: PostgreSQL refused the copy: {ex.SqlState} {ex.MessageText}"));
        }
        catch (NpgsqlException ex)
        {
            throw StoreCopyException.Fail(_connections.Scrub($"Table {table}: the connection to PostgreSQL failed ({_connections.Target}): {ex.Message}"));
        }
    }
}
