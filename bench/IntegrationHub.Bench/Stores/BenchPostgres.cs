using System.Globalization;
using IntegrationHub.Tests.Common.Postgres;
using Npgsql;

namespace IntegrationHub.Bench.Stores;

/// <summary>
/// A PostgreSQL cluster of the benchmark's own for the hub's store (issue 17's benchmarks): the tests' real server
/// (<see cref="PostgresServer"/>: Debian's, initdb in a temporary folder, a free loopback port), restarted without the
/// settings the tests start it with for speed (fsync, synchronous_commit and full_page_writes off), so that a commit on
/// PostgreSQL costs what it costs on a site and compares fairly with SQLite's WAL, which syncs every commit
/// (synchronous FULL, the provider's default). Every other setting is the packaged default. The tests give those
/// settings on the server's command line, which ALTER SYSTEM cannot override: hence the restart.
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
            string bin, data, sockets;
            await using (var connection = new NpgsqlConnection(server.ConnectionString()))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("""
                    SELECT (SELECT setting FROM pg_config WHERE name = 'BINDIR'), current_setting('data_directory'), current_setting('unix_socket_directories')
                    """, connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                (bin, data, sockets) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            }

            var pgCtl = Path.Combine(bin, "pg_ctl");
            await RunAsPostgresAsync(pgCtl, ["-D", data, "stop", "-m", "fast", "-w"], cancellationToken).ConfigureAwait(false);
            await RunAsPostgresAsync(pgCtl, ["-D", data, "start", "-w", "-l", Path.Combine(Path.GetDirectoryName(data)!, "server-bench.log"), "-o",
                string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {server.Port} -k {sockets}")], cancellationToken).ConfigureAwait(false);
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

    // pg_ctl refuses to run as root: as the postgres user then, as the tests do.
    private static async Task RunAsPostgresAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var start = Environment.IsPrivilegedProcess
            ? Running.ChildProcess.Program("runuser", ["-u", "postgres", "--", file, .. arguments])
            : Running.ChildProcess.Program(file, arguments);
        start.WorkingDirectory = Path.GetTempPath();
        await Running.ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
    }
}
