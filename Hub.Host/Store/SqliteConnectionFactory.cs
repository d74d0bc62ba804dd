using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Connections to the embedded SQLite database in the data folder. WAL lets portal lookups read while an import
/// writes; connections are pooled by Microsoft.Data.Sqlite.
/// </summary>
internal sealed class SqliteConnectionFactory : IStoreConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly ConditionalWeakTable<object, object> _configured = [];
    private int _walEnabled;

    public SqliteConnectionFactory(string databasePath)
    {
        _path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Waits this long for a writer's lock before SQLITE_BUSY becomes an error.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Describe() => $"SQLite {_path}";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _walEnabled, 1) == 0)
            {
                // journal_mode is stored in the database file, so once per process is enough.
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Per physical connection, kept by the pool: a page cache and memory-mapped reads sized for a
            // database of millions of rows, so a lookup does not read its pages through system calls; and SQLite's
            // own busy handler, which retries a locked write within milliseconds (without it, the provider retries
            // in steps of 150 ms, and the telemetry, the rules stage and the outbox queue behind each other).
            if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA cache_size=-32768; PRAGMA mmap_size=1073741824; PRAGMA busy_timeout=30000";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                _configured.AddOrUpdate(handle, handle);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
