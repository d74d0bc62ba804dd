using System.Text;
using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Hub.Host.Store.Backup;

/// <summary>
/// The file-system side of backup and restore: the checks that a hostile or mistaken path cannot get past (a target
/// that exists, a symbolic link, a FIFO or device, the live store itself) and the steps that keep a crash from leaving a
/// half-written file under a name that means "whole".
/// </summary>
internal static class BackupFiles
{
    private const int SqliteHeaderBytes = 100;
    private static readonly byte[] s_sqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>Refuses a backup target that exists in any form, has no folder, or is one of the store's own files.</summary>
    public static void RefuseTarget(string target, string storePath)
    {
        if (new[] { storePath, storePath + "-wal", storePath + "-shm", storePath + "-journal" }.Contains(target, StringComparer.Ordinal))
        {
            throw new StoreBackupException($"--to {Show(target)} is the store's own file; give a path outside the store, such as /var/backups/hub-{DateTime.UtcNow:yyyyMMdd}.db.");
        }

        if (Exists(target))
        {
            throw new StoreBackupException($"--to {Show(target)} already exists (as a file, folder or link); a backup never overwrites. Give a new name or remove it.");
        }

        var folder = Path.GetDirectoryName(target);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new StoreBackupException($"--to {Show(target)}: the folder {Show(folder ?? "/")} does not exist.");
        }
    }

    /// <summary>Refuses a file that is not a regular SQLite database file, before opening it (a FIFO would block the open).</summary>
    public static void RefuseNotSqlite(string path)
    {
        var info = new FileInfo(path);
        if (Directory.Exists(path))
        {
            throw new StoreBackupException($"{Show(path)} is a folder, not a backup file.");
        }

        if (!info.Exists)
        {
            throw new StoreBackupException($"There is no file {Show(path)}.");
        }

        // A FIFO, a socket or a device has no size: refused here, never opened.
        if (info.Length < SqliteHeaderBytes)
        {
            throw new StoreBackupException($"{Show(path)} is not an SQLite database ({info.Length} bytes; not a regular file, or empty).");
        }

        var header = new byte[s_sqliteMagic.Length];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.ReadExactly(header);
        }

        if (!header.AsSpan().SequenceEqual(s_sqliteMagic))
        {
            throw new StoreBackupException($"{Show(path)} is not an SQLite database (its first bytes are not SQLite's header).");
        }
    }

    /// <summary>Creates an empty file only the hub's user can read (a backup holds customer data), refusing one that exists.</summary>
    public static void CreatePrivateNew(string path, string what)
    {
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = PrivatePaths.FileMode;
            }

            using var created = new FileStream(path, create);
        }
        catch (IOException) when (Exists(path))
        {
            throw new StoreBackupException($"{Show(path)} ({what}) already exists: left by a backup or restore that was interrupted. Remove it and run again.");
        }
    }

    /// <summary>Writes the file's data to the disk before it is renamed, so that a power cut cannot leave the name on empty pages.</summary>
    public static void FlushToDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Renames, failing rather than replacing anything that appeared under the target name meanwhile.</summary>
    public static void MoveNoReplace(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: false);
        }
        catch (IOException) when (Exists(to))
        {
            throw new StoreBackupException($"{Show(to)} appeared while the backup ran; the backup was not written over it.");
        }
    }

    /// <summary>True for anything under the name: a file, a folder, a link (also one that points nowhere), a FIFO.</summary>
    public static bool Exists(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>A path as it may appear in a message: control characters shown as \uXXXX, not written to the terminal.</summary>
    public static string Show(string path)
    {
        var text = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.ToString();
    }
}
