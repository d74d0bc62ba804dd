using System.Data.Common;
using System.Runtime.CompilerServices;
using IntegrationHub.Adapters.Abstractions;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

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
        PrivatePaths.CreateFolder(Path.GetDirectoryName(_path)!);
        CreatePrivate(_path);
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

    /// <summary>
    /// Creates the database file 0600 before SQLite does (issue 16, item 21): SQLite gives its -wal and -shm files
    /// the database file's mode, so they follow whatever the umask. Files from an install before the fix lose the
    /// group's and others' rights.
    /// </summary>
    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = PrivatePaths.FileMode,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created meanwhile by another process of the hub: restricted below.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            PrivatePaths.RestrictFile(file);
        }
    }

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
