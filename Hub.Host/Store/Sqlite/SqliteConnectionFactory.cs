using System.Data.Common;
using System.Globalization;
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
    /// <summary>Each pooled connection's page cache, in KiB (SQLite's default is about 2 MiB too).</summary>
    internal const int CacheKiBPerConnection = 2048;

    /// <summary>SQLite's soft heap limit, process-wide: all connections' page caches together (issue 17).</summary>
    internal const long SoftHeapLimitBytes = 8L * 1024 * 1024;

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

            // Per physical connection, kept by the pool: a bounded page cache, no memory-mapped reads, and SQLite's
            // own busy handler, which retries a locked write within milliseconds (without it, the provider retries
            // in steps of 150 ms, and the telemetry, the rules stage and the outbox queue behind each other).
            // The memory (issue 17, the retention soak's RSS): each connection's page cache and each connection's
            // own mapping of the database file are emptied whenever another connection commits, so while telemetry
            // streams in they stay small; when the hub goes quiet they are kept, and grew with every page read, to
            // cache_size and to the database's size PER pooled connection (the soak's RSS went from 145 to 210 MiB
            // in the minute after its stream ended, bench/results/2026-12-07-retention-0829.md). So no mapping
            // (pages are read with pread from the kernel's cache, which is not the hub's RSS), a small cache per
            // connection, and SQLite's soft heap limit over all of them (the pool has no bound of its own): past
            // it, the page caches recycle their least recently used pages instead of growing.
            if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = string.Create(CultureInfo.InvariantCulture,
                    $"PRAGMA cache_size=-{CacheKiBPerConnection}; PRAGMA mmap_size=0; PRAGMA soft_heap_limit={SoftHeapLimitBytes}; PRAGMA busy_timeout=30000");
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
