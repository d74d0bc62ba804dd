using System.Globalization;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Files.Inbox;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Reads one of the files the hub takes its settings from, folder by folder (alarm rules, mappings, notification
/// templates): only a regular file, never blocking on a FIFO, never a device or a socket, at most a size limit, and
/// through a symbolic link only when the link stays inside the file's folder (session 25: a FIFO in rules/ blocked
/// the hub's start forever in File.ReadAllText). Opened as the inbox opens exports (<see cref="InboxFileOpener"/>),
/// so the type is checked on the opened handle.
/// </summary>
internal static class SettingsFile
{
    /// <summary>The largest settings file read: rule, mapping and template files are a few kilobytes.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The bytes of <paramref name="path"/>.</summary>
    /// <exception cref="SettingsFileRefusedException">Not a regular file of its folder, or larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">It cannot be opened (permissions, removed meanwhile).</exception>
    public static byte[] ReadBytes(string path, long maxBytes = MaxBytes)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"'{LogText.Escape(path)}' names no file in a folder.");
        var open = full;
        if (new FileInfo(full).LinkTarget is { } linkTarget)
        {
            open = InsideTarget(full, folder) ?? throw new SettingsFileRefusedException(
                $"it is a symbolic link to '{LogText.Escape(linkTarget)}', which leads out of its folder; the hub reads settings files only from within their folder: copy the file in");
        }

        FileStream stream;
        try
        {
            // The opener's own size limit speaks of the inbox's setting; this limit is checked below.
            stream = InboxFileOpener.Open(Path.GetDirectoryName(open)!, Path.GetFileName(open), long.MaxValue);
        }
        catch (RefusedFileException e) when (e.IsLink)
        {
            throw new SettingsFileRefusedException("it turned into a symbolic link while it was opened; it was not read");
        }
        catch (RefusedFileException e)
        {
            throw new SettingsFileRefusedException(e.Reason.Replace("the inbox reads only regular files", "settings files are read only as regular files", StringComparison.Ordinal));
        }

        using (stream)
        {
            if (stream.Length > maxBytes)
            {
                throw new SettingsFileRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"it is {stream.Length:N0} bytes, more than the {maxBytes:N0} bytes a settings file of this folder may have"));
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    /// <summary>
    /// The final target of the link <paramref name="link"/> when it and every folder on the way to it lie inside
    /// <paramref name="folder"/> (a link among the settings files, as some sites keep one file per plant); null otherwise.
    /// </summary>
    private static string? InsideTarget(string link, string folder)
    {
        var target = File.ResolveLinkTarget(link, returnFinalTarget: true);
        if (target is null)
        {
            return null;
        }

        var resolved = Path.GetFullPath(target.FullName);
        var prefix = Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar;
        if (!resolved.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // A folder link on the way (rules/shared -> /etc) would lead out again.
        for (var directory = Path.GetDirectoryName(resolved); directory is not null && directory.Length >= prefix.Length; directory = Path.GetDirectoryName(directory))
        {
            if (new DirectoryInfo(directory).LinkTarget is not null)
            {
                return null;
            }
        }

        return resolved;
    }
}
