using System.Runtime.InteropServices;

namespace IntegrationHub.Adapters.Files.Inbox;

/// <summary>
/// The Linux system calls the inbox needs and .NET does not expose: opening a name relative to the inbox without
/// following a link, and the type of an opened handle (open(2), openat(2), statx(2)).
/// </summary>
internal static partial class InboxNative
{
    public const int ELOOP = 40;
    public const int ENXIO = 6;
    public const int ENOENT = 2;

    // S_IFMT bits of st_mode (inode(7)).
    public const int S_IFMT = 0xF000;
    public const int S_IFREG = 0x8000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFIFO = 0x1000;
    public const int S_IFCHR = 0x2000;
    public const int S_IFBLK = 0x6000;
    public const int S_IFSOCK = 0xC000;
    public const int S_IFLNK = 0xA000;

    private const int O_RDONLY = 0;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const int AT_EMPTY_PATH = 0x1000;

    // STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_SIZE.
    private const uint StatxMask = 0x1 | 0x2 | 0x4 | 0x200;

    // O_NOFOLLOW and O_DIRECTORY differ between architectures (asm-generic/fcntl.h vs arch/arm64).
    private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    private static int Directory => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>Opens a folder for <see cref="OpenEntry"/>; returns -1 and sets the last error on failure.</summary>
    public static int OpenFolder(string path) => open(path, O_RDONLY | Directory | O_CLOEXEC);

    /// <summary>
    /// Opens <paramref name="name"/> inside the folder <paramref name="folder"/> for reading: never through a link
    /// (ELOOP), never blocking on a FIFO without a writer, never taking a terminal as controlling one.
    /// </summary>
    public static int OpenEntry(int folder, string name) =>
        openat(folder, name, O_RDONLY | NoFollow | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

    /// <summary>The type bits, link count and size of an open descriptor; false and the last error on failure.</summary>
    public static bool TryStat(int fd, out int type, out uint links, out long size)
    {
        // struct statx (linux/stat.h), the same layout on every architecture: stx_nlink u32 at 16, stx_mode u16 at 28,
        // stx_size u64 at 40; 256 bytes in all.
        Span<byte> buffer = stackalloc byte[256];
        buffer.Clear();
        if (statx(fd, string.Empty, AT_EMPTY_PATH, StatxMask, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            (type, links, size) = (0, 0, 0);
            return false;
        }

        links = BitConverter.ToUInt32(buffer[16..20]);
        type = BitConverter.ToUInt16(buffer[28..30]) & S_IFMT;
        size = checked((long)BitConverter.ToUInt64(buffer[40..48]));
        return true;
    }

    /// <summary>Closes a descriptor not handed to a <see cref="Microsoft.Win32.SafeHandles.SafeFileHandle"/>.</summary>
    public static void Close(int fd) => _ = close(fd);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int openat(int dirfd, string path, int flags);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
