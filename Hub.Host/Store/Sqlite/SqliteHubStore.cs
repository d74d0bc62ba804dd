using IntegrationHub.Hub.Host.Hosting;
using System.Collections.Concurrent;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Metrics;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="IHubStore"/> on the embedded SQLite database, through ADO.NET (and SQLite's own handle for the readings,
/// ReadingsInsert.Sqlite.cs). Split by concern: Apply (writes of the adapters), Orders (the portal's reads), Telemetry,
/// Owners, Tokens and DeadLetters. Opening and pragmas live in the <see cref="IStoreConnectionFactory"/>. One node
/// only: after a commit that wrote orders or revoked tokens it tells this process's live pages through
/// <see cref="ChangeFanOut"/> (issue 18 item 4), as PostgreSQL's triggers tell every node.
/// </summary>
internal sealed partial class SqliteHubStore(
    IStoreConnectionFactory connections, TimeProvider time, StoreFeatures? features = null, ChangeFanOut? changeFeed = null,
    StoreInstruments? instruments = null) : IHubStore, IAsyncDisposable, IDisposable
{
    // Enough for the portal's concurrent lookups on a small server; more are opened and closed as needed.
    private const int MaxPreparedQueries = 16;

    private readonly ConcurrentBag<PreparedQuery> _snapshotQueries = [];

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at BIGINT  NOT NULL
            )
            """, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var command = Command(connection, null, "SELECT version FROM schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        // A newer hub's steps may have changed what this binary reads and writes (issue 19 item 3): refused, not guessed at.
        if (applied.Count > 0 && applied.Max() > SchemaMigrations.Latest)
        {
            throw new HubConfigurationException("The SQLite store cannot start", [
                $"Hub:Store:SqlitePath: the store ({connections.Describe()}) is at schema version {applied.Max()}, newer than this hub knows (version {SchemaMigrations.Latest}). A newer hub has used this store: run that version or newer, or restore a backup made by this version with 'hub restore'."]);
        }

        foreach (var (version, name, sql) in SchemaMigrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using var record = Command(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)");
            Add(record, "@v", version);
            Add(record, "@n", name);
            Add(record, "@at", Micros(time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_snapshotQueries.TryTake(out var query))
        {
            await query.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        while (_snapshotQueries.TryTake(out var query))
        {
            query.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
