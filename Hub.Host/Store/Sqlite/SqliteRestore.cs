using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Store.Backup;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <c>hub restore</c> on SQLite (issue 19 item 3): puts a backup in place as a stopped hub's store. The steps are ordered
/// so that a failure or a crash at any point leaves either the old store or the restored one under the store's name,
/// never a mix, and never an empty folder a hub would start afresh on.
/// </summary>
/// <remarks>
/// 1. The backup is copied into the data folder as <c>hub.db.restoring</c> and checked there (quick_check, a hub store,
///    a schema this binary knows); a refusal here has touched nothing else.
/// 2. A store already in place is taken under SQLite's exclusive lock (refused while a hub has it open), its WAL
///    checkpointed into the file, switched out of WAL mode (so no <c>-wal</c> or <c>-shm</c> of it remains to be read
///    against the restored file) and copied aside as <c>hub.db.before-restore-&lt;UTC time&gt;</c>. The lock is held to the
///    end: a hub started meanwhile waits and then fails rather than write into the store being replaced.
/// 3. The checked copy is renamed over the store in one step.
/// </remarks>
internal static class SqliteRestore
{
    /// <exception cref="StoreBackupException">Refused (not a backup, damaged, newer, store in use, no --replace) or failed.</exception>
    /// <param name="backupPath">The backup file.</param>
    /// <param name="storePath">The store it becomes.</param>
    /// <param name="photosFolder">The data folder's photos/, which receives the photos the backup carries (added to those there).</param>
    /// <param name="replace">Whether a store in place may be replaced (it is kept aside).</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the restore before the store is replaced.</param>
    public static async Task<RestoreResult> RestoreAsync(
        string backupPath, string storePath, string photosFolder, bool replace, TimeProvider time, CancellationToken cancellationToken)
    {
        backupPath = Path.GetFullPath(backupPath);
        storePath = Path.GetFullPath(storePath);
        BackupFiles.RefuseNotSqlite(backupPath);
        if (string.Equals(backupPath, storePath, StringComparison.Ordinal))
        {
            throw new StoreBackupException($"--from {BackupFiles.Show(backupPath)} is the store itself.");
        }

        if (BackupFiles.Exists(storePath) && !replace)
        {
            throw new StoreBackupException(
                $"The data folder already has a store ({BackupFiles.Show(storePath)}). Restore into a new data folder, or add --replace: the current store is then kept beside it as hub.db.before-restore-<time>.");
        }

        var started = time.GetTimestamp();
        PrivatePaths.CreateFolder(Path.GetDirectoryName(storePath)!, tightenExisting: false);
        var restoring = storePath + ".restoring";
        BackupFiles.CreatePrivateNew(restoring, "the restore's temporary copy");
        SqliteConnection? held = null;
        try
        {
            await CopyBytesAsync(backupPath, restoring, cancellationToken).ConfigureAwait(false);
            var summary = await SqliteBackup.InspectAsync(restoring, backupPath, cancellationToken).ConfigureAwait(false);
            if (summary.SchemaVersion > SchemaMigrations.Latest)
            {
                throw new StoreBackupException(
                    $"{BackupFiles.Show(backupPath)} was made by a newer hub (schema version {summary.SchemaVersion}; this hub knows up to {SchemaMigrations.Latest}). Restore it with that version or newer.");
            }

            // The photos first: should anything fail later, extra photo files are harmless (content-addressed), while
            // a restored store whose tickets name photos not yet written would show broken pictures.
            await SqliteBackupPhotos.RestoreAsync(restoring, photosFolder, backupPath, cancellationToken).ConfigureAwait(false);

            string? keptAs = null;
            if (BackupFiles.Exists(storePath))
            {
                keptAs = $"{storePath}.before-restore-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
                held = await TakeAndSetAsideAsync(storePath, keptAs, cancellationToken).ConfigureAwait(false);
            }

            BackupFiles.FlushToDisk(restoring);
            File.Move(restoring, storePath, overwrite: true);
            return new RestoreResult(summary with { Path = storePath, Elapsed = time.GetElapsedTime(started) }, keptAs);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StoreBackupException($"The restore of {BackupFiles.Show(backupPath)} into {BackupFiles.Show(storePath)} failed: {ex.Message} The store in place (if any) is unchanged.", ex);
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }
            File.Delete(restoring);
        }
    }

    private static async Task CopyBytesAsync(string from, string to, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read);
        await using var target = new FileStream(to, FileMode.Truncate, FileAccess.Write, FileShare.None);
        await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
    }

    // Returns the connection that holds the old store's exclusive lock; the caller closes it after the rename.
    private static async Task<SqliteConnection> TakeAndSetAsideAsync(string storePath, string keptAs, CancellationToken cancellationToken)
    {
        var connection = SqliteBackup.Open(storePath, SqliteOpenMode.ReadWrite);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA locking_mode=EXCLUSIVE; PRAGMA busy_timeout=2000", cancellationToken).ConfigureAwait(false);
            try
            {
                // As in SqliteCopySource: a running hub keeps a connection that has read the store, so this is refused.
                await ExecuteAsync(connection, "BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master; COMMIT", cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                throw new StoreBackupException(
                    $"The store {BackupFiles.Show(storePath)} is in use: a hub (or a hub command) has it open. Stop the hub (systemctl stop integrationhub) and run the restore again.", ex);
            }

            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE", cancellationToken).ConfigureAwait(false);
            BackupFiles.CreatePrivateNew(keptAs, "the copy of the store being replaced");
            await using (var aside = SqliteBackup.Open(keptAs, SqliteOpenMode.ReadWrite))
            {
                await aside.OpenAsync(cancellationToken).ConfigureAwait(false);
                connection.BackupDatabase(aside);
            }

            BackupFiles.FlushToDisk(keptAs);

            // Out of WAL mode, the exclusive lock of a write is kept until the connection closes.
            await ExecuteAsync(connection, "BEGIN EXCLUSIVE; COMMIT", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
