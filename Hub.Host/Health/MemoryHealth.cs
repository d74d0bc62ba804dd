using System.Diagnostics;

namespace IntegrationHub.Hub.Host.Health;

/// <summary>
/// Where the hub's memory is, so that a growing resident set can be told apart: the .NET heap, SQLite's own
/// allocations (mostly its page caches, at most <c>cache_size</c> per pooled connection and SQLite's soft heap limit in
/// all: SqliteConnectionFactory), and the resident total, which also counts code (the database is not memory-mapped). The memory the GC has committed (its heap with the room it keeps
/// for the next allocations) and the thread count tell a growing heap from a growing thread pool, whose stacks are
/// anonymous memory too.
/// </summary>
internal sealed record MemoryHealth(double ResidentMiB, double ManagedHeapMiB, double GcCommittedMiB, int Threads, double StoreCacheMiB)
{
    private const double MiB = 1024 * 1024;

    /// <param name="sqlite">Whether the store is SQLite: on PostgreSQL (issue 17) the SQLite library is never loaded, and
    /// asking it for its allocations would throw.</param>
    public static MemoryHealth Now(bool sqlite)
    {
        using var process = Process.GetCurrentProcess();
        return new MemoryHealth(
            Math.Round(process.WorkingSet64 / MiB, 1),
            // Bytes allocated now, not GCMemoryInfo's heap size, which describes the last collection and is 0 before the first.
            Math.Round(GC.GetTotalMemory(forceFullCollection: false) / MiB, 1),
            Math.Round(GC.GetGCMemoryInfo().TotalCommittedBytes / MiB, 1),
            process.Threads.Count,
            sqlite ? Math.Round(SQLitePCL.raw.sqlite3_memory_used() / MiB, 1) : 0);
    }
}
