using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>
/// Opens a dropped file only when it is a regular file that the inbox holds itself, within the size limit
/// (issue 16, item 1: a link to the cookie key leaked it, a link to /dev/zero grew memory without bound, a FIFO
/// stopped every import). The check is made on the opened handle, so a file swapped for a link after the folder
/// was listed is refused too.
/// </summary>
internal static class InboxFileOpener
{
    /// <summary>Opens <paramref name="fileName"/> in <paramref name="inbox"/> for reading.</summary>
    /// <exception cref="RefusedFileException">The entry is not a regular file, or is larger than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">The inbox or the file cannot be opened (permissions, removed meanwhile).</exception>
    public static FileStream Open(string inbox, string fileName, long maxBytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return OpenPortable(inbox, fileName, maxBytes);
        }

        var folder = InboxNative.OpenFolder(inbox);
        if (folder < 0)
        {
            throw new IOException($"The inbox '{inbox}' cannot be opened (errno {Marshal.GetLastPInvokeError()}).");
        }

        int fd;
        int errno;
        try
        {
            fd = InboxNative.OpenEntry(folder, fileName);
            // Read before the folder's close(2), whose own success sets the last error to 0 (a link was reported as
            // "cannot be opened (errno 0)" instead of refused as a link).
            errno = Marshal.GetLastPInvokeError();
        }
        finally
        {
            InboxNative.Close(folder);
        }

        if (fd < 0)
        {
            throw errno switch
            {
                InboxNative.ELOOP => new RefusedFileException(fileName, LinkReason(Path.Combine(inbox, fileName)), isLink: true),
                InboxNative.ENXIO => new RefusedFileException(fileName, "it is a socket, not a file; the inbox reads only regular files", isLink: false),
                _ => new IOException($"{fileName} cannot be opened (errno {errno})."),
            };
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (!InboxNative.TryStat(fd, out var type, out _, out var size))
            {
                throw new IOException($"{fileName} cannot be examined (errno {Marshal.GetLastPInvokeError()}).");
            }

            if (type != InboxNative.S_IFREG)
            {
                throw new RefusedFileException(fileName, $"it is {Describe(type)}, not a regular file; the inbox reads only regular files", isLink: false);
            }

            CheckSize(fileName, size, maxBytes);
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The reason given for a symbolic link: where it points (a path, never the target's content).</summary>
    public static string LinkReason(string path)
    {
        string? target = null;
        try
        {
            target = new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"it is a symbolic link{(target is null ? string.Empty : $" (to '{target}')")}; the inbox reads only regular files it holds itself, so the link was removed and its target left unread";
    }

    private static void CheckSize(string fileName, long size, long maxBytes)
    {
        if (size > maxBytes)
        {
            throw new RefusedFileException(
                fileName,
                string.Create(CultureInfo.InvariantCulture, $"it is {size:N0} bytes, more than Hub:Files:MaxFileBytes ({maxBytes:N0}); split the export or raise the limit"),
                isLink: false);
        }
    }

    private static string Describe(int type) => type switch
    {
        InboxNative.S_IFIFO => "a named pipe (FIFO)",
        InboxNative.S_IFCHR => "a character device",
        InboxNative.S_IFBLK => "a block device",
        InboxNative.S_IFSOCK => "a socket",
        InboxNative.S_IFDIR => "a folder",
        InboxNative.S_IFLNK => "a symbolic link",
        _ => string.Create(CultureInfo.InvariantCulture, $"of file type 0x{type:X}"),
    };

    // Elsewhere than Linux (development machines): the same rules from what .NET can see, without the guarantee
    // that the checked entry is the opened one.
    private static FileStream OpenPortable(string inbox, string fileName, long maxBytes)
    {
        var path = Path.Combine(inbox, fileName);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new RefusedFileException(fileName, LinkReason(path), isLink: true);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        try
        {
            CheckSize(fileName, stream.Length, maxBytes);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
