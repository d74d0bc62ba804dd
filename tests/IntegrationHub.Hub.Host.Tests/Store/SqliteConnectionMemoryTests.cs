using System.Data.Common;
using System.Globalization;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Tests.Store;

/// <summary>
/// Issue 17, the retention soak's RSS: a pooled SQLite connection keeps what it read while no other connection commits
/// (the hub gone quiet), so what each one may keep must be bounded: no memory-mapped database (its mapped pages were
/// the hub's RSS, up to the database's size per connection) and a page cache of <c>cache_size</c>.
/// </summary>
public sealed class SqliteConnectionMemoryTests : IDisposable
{
    // Larger than a connection's page cache many times over, so an unbounded cache or mapping would show it.
    private const int Rows = 6_000;
    private const int RowBytes = 4_000;
    private const int Readers = 4;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-sqlite-memory-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task OpenAsync_PooledConnectionsEachReadTheWholeDatabaseWithNoWriter_NoneMapsItAndEachCacheStaysWithinItsBound()
    {
        var path = Path.Combine(_folder, "hub.db");
        var connections = new SqliteConnectionFactory(path);
        await using (var writer = await connections.OpenAsync(CancellationToken.None))
        {
            await ExecuteAsync(writer, string.Create(CultureInfo.InvariantCulture, $"""
                CREATE TABLE blobs (id INTEGER PRIMARY KEY, body BLOB NOT NULL);
                WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < {Rows})
                INSERT INTO blobs SELECT x, randomblob({RowBytes}) FROM n;
                """));
        }

        // Held open together, so that the pool hands out this many physical connections, each with its own cache.
        var readers = new List<DbConnection>();
        try
        {
            for (var n = 0; n < Readers; n++)
            {
                var reader = await connections.OpenAsync(CancellationToken.None);
                readers.Add(reader);
                Assert.Equal((long)Rows * RowBytes, await ScalarAsync(reader, "SELECT sum(length(body)) FROM blobs"));
            }

            Assert.Equal(0, MappedKiB(path));
            var bound = SqliteConnectionFactory.CacheKiBPerConnection * 1024L * 5 / 4;  // page headers on top of the pages
            foreach (var reader in readers)
            {
                Assert.Equal(0, await ScalarAsync(reader, "PRAGMA mmap_size"));
                Assert.InRange(CacheUsedBytes((SqliteConnection)reader), 1, bound);
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    private static long CacheUsedBytes(SqliteConnection connection)
    {
        var rc = SQLitePCL.raw.sqlite3_db_status(connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_USED, out var current, out _, 0);
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, rc);
        return current;
    }

    /// <summary>Resident KiB of this process's mappings of <paramref name="path"/> (Linux: /proc/self/smaps).</summary>
    private static long MappedKiB(string path)
    {
        var mapped = 0L;
        var inFile = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && space > dash && !line.AsSpan(0, dash).ContainsAnyExcept("0123456789abcdef"))
            {
                inFile = line.EndsWith(" " + path, StringComparison.Ordinal);
            }
            else if (inFile && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                mapped += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }

        return mapped;
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
