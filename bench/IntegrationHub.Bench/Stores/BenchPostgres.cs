using System.Globalization;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Bench.Stores;

/// <summary>
/// A PostgreSQL cluster of the benchmark's own for the hub's store (issue 17's benchmarks): the tests' real server
/// (<see cref="PostgresServer"/>: Debian's, initdb in a temporary folder, a free loopback port), with the durability
/// the tests turn off for speed turned back on (fsync, synchronous_commit, full_page_writes: PostgreSQL's defaults),
/// so that a commit on PostgreSQL costs what it costs on a site and compares fairly with SQLite's WAL, which syncs
/// every commit (synchronous FULL, the provider's default). Every other setting is the packaged default.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private int _databases;

    private BenchPostgres(PostgresServer server) => _server = server;

    public int Port => _server.Port;

    public static async Task<BenchPostgres> StartAsync(CancellationToken cancellationToken)
    {
        var server = await PostgresServer.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // ALTER SYSTEM cannot run in a transaction block, so one statement per call; all three take a reload.
            foreach (var setting in new[] { "fsync = on", "synchronous_commit = on", "full_page_writes = on" })
            {
                await PostgresServer.ExecuteAsync(server.ConnectionString(), "ALTER SYSTEM SET " + setting, cancellationToken).ConfigureAwait(false);
            }

            await PostgresServer.ExecuteAsync(server.ConnectionString(), "SELECT pg_reload_conf()", cancellationToken).ConfigureAwait(false);
            return new BenchPostgres(server);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A fresh, empty database for one hub, as the store it gets (pooled connections, as a site's string has).</summary>
    public async Task<BenchStore> NewStoreAsync(string label, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"hub_{Interlocked.Increment(ref _databases)}_{label}").Replace('-', '_');
        var connectionString = new NpgsqlConnectionStringBuilder(await _server.CreateDatabaseAsync(name, cancellationToken).ConfigureAwait(false))
        {
            Pooling = true,
        }.ToString();
        return BenchStore.PostgreSql(connectionString, name);
    }

    /// <summary>The settings that decide what a commit costs, as the server runs them (for the report).</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT split_part(version(), ' ', 2) || ': ' || string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
            FROM pg_settings
            WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'autovacuum', 'autovacuum_naptime', 'max_wal_size')
            """, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
