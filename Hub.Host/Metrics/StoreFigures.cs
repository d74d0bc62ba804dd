using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// The figures that take a query (the outbox by status, the database's size) and the disk under the data folder,
/// read once before each scrape (<see cref="RefreshAsync"/>), so that the observable instruments, whose callbacks
/// cannot wait on the database, hand out what this scrape read. When the store does not answer, the last values stay
/// and <c>integrationhub_store_up</c> says 0.
/// </summary>
internal sealed class StoreFigures(IOutboxStore outbox, IStoreStatistics statistics, HubOptions options, ILogger<StoreFigures> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Messages in the outbox by status name (<c>Pending</c>, <c>Sent</c>, <c>Suppressed</c>, <c>Dead</c>).</summary>
    public IReadOnlyDictionary<string, long> Outbox { get; private set; } = new Dictionary<string, long>();

    public StoreStatistics? Statistics { get; private set; }

    /// <summary>Whether the last read of the store succeeded.</summary>
    public bool Reachable { get; private set; }

    /// <summary>The data folder's file system: its size and what an unprivileged user may still write, in bytes.</summary>
    public (long Size, long Available)? Disk { get; private set; }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Two scrapers at once (two Prometheus servers for redundancy) read once each, one after the other.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Disk = ReadDisk(options.Resolve("."));
            try
            {
                Outbox = await outbox.CountsAsync(cancellationToken).ConfigureAwait(false);
                Statistics = await statistics.ReadAsync(cancellationToken).ConfigureAwait(false);
                Reachable = true;
            }
            catch (Exception ex) when (StoreFaults.IsTransient(ex))
            {
                // The database went away (issue 17, "PostgreSQL stopped mid-stream"): the scrape still answers, with
                // the store said down, so the alert on it fires rather than the scrape failing as a whole.
                Reachable = false;
                MetricsLog.StoreUnreadable(logger, ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static (long, long)? ReadDisk(string folder)
    {
        try
        {
            var drive = new DriveInfo(folder);
            return (drive.TotalSize, drive.AvailableFreeSpace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
