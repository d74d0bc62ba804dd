using IntegrationHub.Hub.Host.Store.Backup;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The data folder's photos inside a backup file (issue 24: photos of service requests live in <c>photos/</c>, not in
/// the store, so a backup of the store alone restored tickets whose pictures were gone). They travel as one table of
/// the backup, <c>backup_photos</c>, so a backup stays one self-contained file that SQLite's quick_check covers; the
/// restore writes them back into <c>photos/</c> and drops the table before the file becomes the store.
/// </summary>
internal static class SqliteBackupPhotos
{
    /// <summary>The table's name; no migration creates it, so it never collides with the store's own.</summary>
    public const string Table = "backup_photos";

    /// <summary>Copies the photos into the backup file; returns how many. A photo removed meanwhile is passed over.</summary>
    public static async Task<int> WriteAsync(SqliteConnection backup, IReadOnlyList<(string Name, string Path)> photos, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await backup.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = Db.Command(backup, transaction, $"CREATE TABLE {Table} (name TEXT PRIMARY KEY, content BLOB NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var written = 0;
        await using var insert = Db.Command(backup, transaction, $"INSERT INTO {Table} (name, content) VALUES (@name, @content)");
        var name = Db.Add(insert, "@name", null);
        var content = Db.Add(insert, "@content", null);
        foreach (var photo in photos)
        {
            byte[] bytes;
            try
            {
                // No link is followed: the file was listed as a regular file, and is opened without following one now.
                bytes = await ReadNoFollowAsync(photo.Path, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            name.Value = photo.Name;
            content.Value = bytes;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            written++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>
    /// Writes the photos a backup copy holds into <paramref name="photosFolder"/> and drops their table from the copy;
    /// returns (photos written, photos that were there already).
    /// </summary>
    /// <exception cref="StoreBackupException">A photo's name or bytes are wrong, or a link is in the way.</exception>
    public static async Task<(int Written, int Present)> RestoreAsync(string copy, string photosFolder, string backupShownAs, CancellationToken cancellationToken)
    {
        await using var connection = SqliteBackup.Open(copy, SqliteOpenMode.ReadWrite);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await SqliteBackup.ScalarAsync(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{Table}'", cancellationToken).ConfigureAwait(false) is not 1L)
        {
            return (0, 0);
        }

        var (written, present) = (0, 0);
        await using (var select = Db.Command(connection, null, $"SELECT name, content FROM {Table} ORDER BY name"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = reader.IsDBNull(0) ? string.Empty : reader.GetValue(0) as string ?? string.Empty;
                var content = reader.IsDBNull(1) ? [] : reader.GetValue(1) as byte[] ?? [];
                if (PhotoFolderFiles.Restore(photosFolder, name, content, backupShownAs))
                {
                    written++;
                }
                else
                {
                    present++;
                }
            }
        }

        await using (var drop = Db.Command(connection, null, $"DROP TABLE {Table}"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return (written, present);
    }

    private static async Task<byte[]> ReadNoFollowAsync(string path, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).LinkTarget is not null)
        {
            throw new FileNotFoundException("became a link", path);
        }

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }
}
