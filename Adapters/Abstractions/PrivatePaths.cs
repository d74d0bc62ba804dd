namespace IntegrationHub.Adapters.Abstractions;

/// <summary>
/// Folders and files of the hub's data folder, readable by the hub's user only whatever the process's umask
/// (issue 16, item 21: hub.db, its -wal, failed/ and processed/ were 0644): folders 0750 (the group may list them, for
/// the backup or an operator), files 0600.
/// </summary>
public static class PrivatePaths
{
    /// <summary>rwxr-x---: the mode of the data folder and its folders.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>rw-------: the mode of the data folder's files.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Others = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) with <see cref="FolderMode"/>. A folder that exists keeps
    /// its owner's choices except that others lose every right (an install from before the fix), unless
    /// <paramref name="tightenExisting"/> is false.
    /// </summary>
    public static void CreateFolder(string path, bool tightenExisting = true)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, FolderMode);
            return;
        }

        if (tightenExisting)
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & Others) != 0)
            {
                File.SetUnixFileMode(path, mode & ~Others);
            }
        }
    }

    /// <summary>Takes every right of the group and others from an existing file of the hub's; a missing file is left alone.</summary>
    public static void RestrictFile(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~(FileMode | UnixFileMode.UserExecute)) != 0)
        {
            File.SetUnixFileMode(path, mode & FileMode);
        }
    }
}
