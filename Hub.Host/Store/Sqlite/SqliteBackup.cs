using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store.Backup;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <c>hub backup</c> on SQLite (issue 19 item 3): a consistent copy of the store while the hub runs, through SQLite's
/// online backup API, checked before it is given the name asked for.
/// </summary>
/// <remarks>
/// The copy is one backup step over every page (<c>sqlite3_backup_step(-1)</c>), so it reads one snapshot: in WAL mode
/// the hub's writers go on meanwhile, and the copy holds the state of one moment. A copy in several steps would start
/// again each time the hub wrote between two steps, and under steady telemetry it would never end. The price: the WAL
/// cannot be checkpointed past the snapshot while the copy runs, so it grows by what the hub writes meanwhile.
/// </remarks>
internal static class SqliteBackup
{
    /// <summary>
    /// Copies the store at <paramref name="storePath"/> to <paramref name="targetPath"/>, a file that must not exist: the
    /// copy is written beside it as <c>.partial</c>, checked (SQLite's quick_check, the hub's schema table) and only then
    /// renamed, so that a failure or a crash never leaves a file under the asked name that is not a whole backup.
    /// </summary>
    /// <exception cref="StoreBackupException">Refused (no store, a target that exists or is the store) or failed.</exception>
    /// <param name="storePath">The store.</param>
    /// <param name="targetPath">The backup file to write.</param>
    /// <param name="photosFolder">The data folder's photos/, copied into the backup (links inside are not followed).</param>
    /// <param name="progress">Told the bytes written and expected, once a second.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the backup; nothing is left under the target's name.</param>
    public static async Task<BackupSummary> BackupAsync(
        string storePath, string targetPath, string photosFolder, Action<long, long>? progress, TimeProvider time, CancellationToken cancellationToken)
    {
        storePath = Path.GetFullPath(storePath);
        targetPath = Path.GetFullPath(targetPath);
        if (!File.Exists(storePath))
        {
            throw new StoreBackupException($"There is no SQLite store at {storePath}. Hub:DataFolder (and Hub:Store:SqlitePath) must point at the hub's data folder.");
        }

        BackupFiles.RefuseTarget(targetPath, storePath);
        var partial = targetPath + ".partial";
        BackupFiles.CreatePrivateNew(partial, "the backup's temporary file");
        var started = time.GetTimestamp();
        try
        {
            var storeBytes = StoreBytes(storePath);
            var (photos, skipped) = PhotoFolderFiles.List(photosFolder);
            using (var watch = new PartialFileWatch(partial, storeBytes, progress, time))
            {
                await using var source = Open(storePath, SqliteOpenMode.ReadWrite);
                await source.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var target = Open(partial, SqliteOpenMode.ReadWrite);
                await target.OpenAsync(cancellationToken).ConfigureAwait(false);

                // Synchronous in the provider; on the thread pool so that the progress line keeps going meanwhile.
                await Task.Run(() => source.BackupDatabase(target), cancellationToken).ConfigureAwait(false);

                // The copy carries the store's WAL flag; out of WAL mode it is one self-contained file that can be read
                // (and restored) without a -wal or -shm beside it.
                await using var journal = Db.Command(target, null, "PRAGMA journal_mode=DELETE");
                await journal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // After the store's snapshot: a photo is written before the row that names it, so every photo the
                // snapshot's rows name is there (and maybe a few newer ones, harmless: content-addressed files).
                await SqliteBackupPhotos.WriteAsync(target, photos, cancellationToken).ConfigureAwait(false);
            }

            // Unpooled connections (Open): closed above, so the file is whole and no pool of the process is touched.
            var summary = await InspectAsync(partial, targetPath, cancellationToken).ConfigureAwait(false);
            BackupFiles.FlushToDisk(partial);
            BackupFiles.MoveNoReplace(partial, targetPath);
            return summary with { Path = targetPath, Elapsed = time.GetElapsedTime(started), Skipped = skipped };
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreBackupException($"The backup of {storePath} to {targetPath} failed: {ex.Message} Nothing was written under {targetPath}.", ex);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Reads a backup (or any hub store) without changing it: SQLite's quick_check, the schema version, and the rows of
    /// each of the hub's tables.
    /// </summary>
    /// <exception cref="StoreBackupException">Not an SQLite file, damaged, or not a hub store.</exception>
    /// <param name="path">The file read.</param>
    /// <param name="shownAs">The name a refusal gives it (the backup a temporary copy was made of); the path itself if null.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static async Task<BackupSummary> InspectAsync(string path, string? shownAs, CancellationToken cancellationToken)
    {
        var name = BackupFiles.Show(shownAs ?? path);
        BackupFiles.RefuseNotSqlite(path);
        try
        {
            await using var connection = Open(path, SqliteOpenMode.ReadOnly);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var check = Convert.ToString(await ScalarAsync(connection, "PRAGMA quick_check(1)", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (check != "ok")
            {
                throw new StoreBackupException($"{name} is damaged: SQLite's quick_check says '{check}'.");
            }

            if (await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken).ConfigureAwait(false) is not 1L)
            {
                throw new StoreBackupException($"{name} is an SQLite database but not a hub store (it has no schema_migrations table).");
            }

            var version = Convert.ToInt32(await ScalarAsync(connection, "SELECT coalesce(max(version), 0) FROM schema_migrations", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            var tables = new List<string>();
            await using (var command = Db.Command(connection, null, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var counts = new List<(string Table, long Rows)>();
            var photos = 0L;
            foreach (var table in tables)
            {
                // The names come from sqlite_master of this file; quoted as identifiers all the same.
                var rows = Convert.ToInt64(await ScalarAsync(connection, $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (table == SqliteBackupPhotos.Table)
                {
                    photos = rows;
                    continue;
                }

                counts.Add((table, rows));
            }

            return new BackupSummary(path, version, counts, new FileInfo(path).Length, TimeSpan.Zero, photos);
        }
        catch (SqliteException ex)
        {
            throw new StoreBackupException($"{name} is damaged or not a database SQLite can read: {ex.Message}", ex);
        }
    }

    internal static SqliteConnection Open(string path, SqliteOpenMode mode) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString());

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, null, sql);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    // The database file and its WAL: about what the copy writes (a WAL's pages replace pages of the file).
    private static long StoreBytes(string storePath) =>
        new FileInfo(storePath).Length + (File.Exists(storePath + "-wal") ? new FileInfo(storePath + "-wal").Length : 0);

    /// <summary>Reports the partial file's size once a second while the single backup step writes it.</summary>
    private sealed class PartialFileWatch : IDisposable
    {
        private readonly ITimer? _timer;

        public PartialFileWatch(string path, long expected, Action<long, long>? progress, TimeProvider time)
        {
            if (progress is not null)
            {
                _timer = time.CreateTimer(_ => progress(Length(path), expected), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            }
        }

        public void Dispose() => _timer?.Dispose();

        private static long Length(string path)
        {
            try
            {
                return new FileInfo(path).Length;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }
}
