using IntegrationHub.Hub.Host.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// Applies <see cref="PostgreSqlSchema"/> at start (issue 17 item 2), each step in its own transaction with its row in
/// <c>schema_migrations</c>, all under a session advisory lock so that two hub processes starting together against
/// one database neither race nor apply a step twice: the second waits, then finds the steps applied.
/// </summary>
internal sealed class PostgreSqlMigrator(PostgreSqlConnections connections, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// The advisory lock key of schema migrations: the ASCII bytes of "HUBSCHEM". Fixed and documented, so that an
    /// operator can see in pg_locks (locktype advisory, classid 1213547091, objid 1128809805) that a hub is
    /// migrating, and no other application on the database picks it by chance.
    /// </summary>
    public const long LockKey = 0x4855_4253_4348_454D;

    /// <summary>Brings the schema to <see cref="PostgreSqlSchema.Latest"/>; returns the version it ends at.</summary>
    /// <exception cref="HubConfigurationException">The database's schema is newer than this binary knows.</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var create = new NpgsqlCommand("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    name       TEXT    NOT NULL,
                    applied_at BIGINT  NOT NULL
                )
                """, connection))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var applied = new HashSet<int>();
            await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            if (applied.Count > 0 && applied.Max() > PostgreSqlSchema.Latest)
            {
                throw new HubConfigurationException("The PostgreSQL store cannot start",
                [
                    $"{PostgreSqlConnections.Setting}: the database's schema is at version {applied.Max()}, newer than this hub knows (version {PostgreSqlSchema.Latest}); {connections.Target}. A newer hub has used this database: run that version or newer, or point the hub at another database.",
                ]);
            }

            foreach (var (version, name, sql) in PostgreSqlSchema.All.Where(m => !applied.Contains(m.Version)))
            {
                await ApplyAsync(connection, version, name, sql, cancellationToken).ConfigureAwait(false);
                PostgreSqlLog.MigrationApplied(logger, version, name);
            }

            return PostgreSqlSchema.Latest;
        }
        finally
        {
            // The pooled connection outlives this call (the pool does not reset it), so the lock is released here; if
            // the connection broke, the server released it with the session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
                unlock.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = LockKey });
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        tryLock.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = LockKey });
        if (await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
        {
            return;
        }

        PostgreSqlLog.WaitingForMigrationLock(logger, LockKey);
        await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
        wait.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = LockKey });
        await wait.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyAsync(NpgsqlConnection connection, int version, string name, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var step = new NpgsqlCommand(sql, connection, transaction))
        {
            await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = StoreTime.Micros(time.GetUtcNow()) });
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
