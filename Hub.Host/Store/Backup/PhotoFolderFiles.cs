using System.Security.Cryptography;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Photos;

namespace IntegrationHub.Hub.Host.Store.Backup;

/// <summary>
/// The photos of the data folder (<c>photos/ab/&lt;sha-256&gt;.jpg|png</c>, written by <see cref="PhotoIntake"/>) as a
/// backup carries them. Only what has a photo's shape is read, and no symbolic link is followed, at any level: a link
/// planted in photos/ could point at any file the hub's user can read (its keys, /etc/shadow on a careless set-up), and
/// a backup is a file that leaves the machine. Restoring writes only names of that shape, each checked against the
/// SHA-256 of its bytes, so a damaged or forged backup cannot place a file anywhere else.
/// </summary>
internal static class PhotoFolderFiles
{
    /// <summary>The photos to back up as (relative path, full path), and what was passed over and why.</summary>
    public static (IReadOnlyList<(string Name, string Path)> Photos, IReadOnlyList<string> Skipped) List(string folder)
    {
        var photos = new List<(string, string)>();
        var skipped = new List<string>();
        if (IsLink(folder))
        {
            skipped.Add($"{BackupFiles.Show(folder)} (a symbolic link: not followed)");
            return (photos, skipped);
        }

        if (!Directory.Exists(folder))
        {
            return (photos, skipped);
        }

        foreach (var shard in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var shardName = Path.GetFileName(shard);
            if (IsLink(shard) || !Directory.Exists(shard) || !IsShard(shardName))
            {
                skipped.Add($"photos/{BackupFiles.Show(shardName)} ({(IsLink(shard) ? "a symbolic link: not followed" : "not a photo folder")})");
                continue;
            }

            foreach (var file in Directory.EnumerateFileSystemEntries(shard).Order(StringComparer.Ordinal))
            {
                var name = $"{shardName}/{Path.GetFileName(file)}";
                if (IsLink(file))
                {
                    skipped.Add($"photos/{BackupFiles.Show(name)} (a symbolic link: not followed)");
                }
                else if (!IsPhotoName(name) || !File.Exists(file))
                {
                    // The intake's temporary files (.<id>.<guid>.tmp) and anything else that is no stored photo.
                    skipped.Add($"photos/{BackupFiles.Show(name)} (not a stored photo)");
                }
                else
                {
                    photos.Add((name, file));
                }
            }
        }

        return (photos, skipped);
    }

    /// <summary>
    /// Writes one photo of a backup into <paramref name="folder"/>; false when it is there already (a photo's name is
    /// its content's hash: same name, same bytes).
    /// </summary>
    /// <exception cref="StoreBackupException">The name is no photo's, the bytes do not match it, or a link is in the way.</exception>
    public static bool Restore(string folder, string name, byte[] content, string backup)
    {
        if (!IsPhotoName(name))
        {
            throw new StoreBackupException($"{BackupFiles.Show(backup)} holds a photo named '{BackupFiles.Show(name)}', which is no photo's name (ab/<64 hex digits>.jpg or .png); the backup is damaged or not the hub's. Nothing was restored.");
        }

        var id = name[3..^4];
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), id, StringComparison.Ordinal))
        {
            throw new StoreBackupException($"{BackupFiles.Show(backup)}: the photo {name} does not match its name's SHA-256 (damaged). Nothing was restored.");
        }

        PrivatePaths.CreateFolder(folder, tightenExisting: false);
        var shard = Path.Combine(folder, name[..2]);
        PrivatePaths.CreateFolder(shard, tightenExisting: false);
        foreach (var path in new[] { folder, shard })
        {
            if (IsLink(path))
            {
                throw new StoreBackupException($"{BackupFiles.Show(path)} is a symbolic link; photos are not restored through one. Remove it and run again.");
            }
        }

        var target = Path.Combine(shard, name[3..]);
        if (BackupFiles.Exists(target))
        {
            if (IsLink(target))
            {
                throw new StoreBackupException($"{BackupFiles.Show(target)} is a symbolic link; photos are not restored through one. Remove it and run again.");
            }

            return false;
        }

        var temporary = Path.Combine(shard, $".{id}.{Guid.NewGuid():N}.tmp");
        BackupFiles.CreatePrivateNew(temporary, "a photo being restored");
        try
        {
            File.WriteAllBytes(temporary, content);
            BackupFiles.FlushToDisk(temporary);
            BackupFiles.MoveNoReplace(temporary, target);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary><c>ab/abcdef…(64 hex).jpg</c> or <c>.png</c>, the shard being the id's first two digits.</summary>
    public static bool IsPhotoName(string name) =>
        name.Length == 3 + 64 + 4 && name[2] == '/' && StoredPhoto.IsId(name[3..^4]) && name[..2] == name[3..5]
        && (name.EndsWith(".jpg", StringComparison.Ordinal) || name.EndsWith(".png", StringComparison.Ordinal));

    private static bool IsShard(string name) => name.Length == 2 && StoredPhoto.IsId(name + new string('0', 62));

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
