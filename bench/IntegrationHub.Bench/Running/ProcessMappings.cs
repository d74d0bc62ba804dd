using System.Globalization;

namespace IntegrationHub.Bench.Running;

/// <summary>
/// Where a Linux process's resident memory is, by mapping (issue 17's retention soak: which part of the RSS grows):
/// the pages of files under a given folder (SQLite's memory-mapped database), the other files (code), memfd shared
/// memory (the runtime's double-mapped JIT code), and anonymous
/// memory (heaps, stacks, SQLite's page caches); with the number of open descriptors of files under that folder, which
/// on SQLite is the number of open (pooled) connections.
/// </summary>
internal sealed record ProcessMappings(double FolderFilesMiB, double OtherFilesMiB, double SharedMemoryMiB, double AnonMiB, int FolderDescriptors)
{
    public static ProcessMappings Empty { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, 0);

    /// <summary>Reads <c>/proc/&lt;pid&gt;/smaps</c> and <c>/proc/&lt;pid&gt;/fd</c>; <see cref="Empty"/> when the process is gone.</summary>
    public static ProcessMappings Of(int pid, string folder)
    {
        var prefix = Path.GetFullPath(folder).TrimEnd('/') + "/";
        long folderKiB = 0, otherKiB = 0, sharedKiB = 0, anonKiB = 0;
        var kind = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
            {
                if (IsHeader(line))
                {
                    // "start-end perms offset dev inode [path]": the path is the sixth field, absent for anonymous memory.
                    var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                    var path = fields.Length == 6 ? fields[5].Trim() : "";
                    // memfd mappings are shared memory (RssShmem), not files: the runtime maps its JIT-compiled code
                    // twice through one (W^X), and SQLite's -shm file is under the folder.
                    kind = path.Length == 0 || path.StartsWith('[') ? 0
                        : path.StartsWith(prefix, StringComparison.Ordinal) ? 1
                        : path.StartsWith("/memfd:", StringComparison.Ordinal) ? 3
                        : 2;
                }
                else if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    var kib = long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                    switch (kind)
                    {
                        case 0: anonKiB += kib; break;
                        case 1: folderKiB += kib; break;
                        case 3: sharedKiB += kib; break;
                        default: otherKiB += kib; break;
                    }
                }
            }

            var descriptors = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(prefix, StringComparison.Ordinal) && target.EndsWith(".db", StringComparison.Ordinal))
                    {
                        descriptors++;
                    }
                }
                catch (IOException)
                {
                    // Closed while listed.
                }
            }

            return new ProcessMappings(folderKiB / 1024.0, otherKiB / 1024.0, sharedKiB / 1024.0, anonKiB / 1024.0, descriptors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty;
        }
    }

    // A mapping's header line starts with its address range: hex digits, '-', hex digits, then a space.
    private static bool IsHeader(string line)
    {
        var dash = line.IndexOf('-', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return dash > 0 && space > dash && !line.AsSpan(0, dash).ContainsAnyExcept("0123456789abcdef");
    }
}
