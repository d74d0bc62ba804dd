using System.Diagnostics;
using System.Diagnostics.Metrics;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Outbox;

namespace IntegrationHub.Hub.Host.Metrics;

/// <summary>
/// The store's figures (meter <c>IntegrationHub.Store</c>) and the outbox's (meter <c>IntegrationHub.Outbox</c>):
/// how long an adapter's batch takes to become durable, the database's size, the disk it lives on, and the messages
/// waiting or dead. The sizes come from <see cref="StoreFigures"/>, read before each scrape.
/// </summary>
internal sealed class StoreInstruments
{
    private readonly Histogram<double> _commit;

    private readonly KeyValuePair<string, object?> _system;

    public StoreInstruments(IMeterFactory meters, StoreFigures figures, HubOptions options)
    {
        // OpenTelemetry's database conventions name the database system; "sqlite" and "postgresql" are its values.
        _system = new("db.system.name", options.Store.IsPostgreSql ? "postgresql" : "sqlite");
        var store = meters.Create(HubMeters.Store);
        _commit = store.CreateHistogram<double>("commit.duration", "s",
            "Time to apply one batch of an adapter (changes, dead letters, watermark) in one transaction, commit included.");
        store.CreateObservableGauge("up", () => new Measurement<int>(figures.Reachable ? 1 : 0, _system), "1",
            "1 when the last scrape could read the store, 0 when it did not answer.");
        store.CreateObservableGauge("size", () => Figure(figures.Statistics?.SizeBytes), "By",
            "The database's size (SQLite: the main file without its write-ahead log).");
        store.CreateObservableGauge("free", () => Figure(figures.Statistics?.FreeBytes), "By",
            "Of the database's size, the space freed by retention that new rows reuse.");
        store.CreateObservableGauge("filesystem.size", () => Figure(figures.Disk?.Size), "By",
            "The size of the file system that holds the data folder.");
        store.CreateObservableGauge("filesystem.available", () => Figure(figures.Disk?.Available), "By",
            "What the hub may still write on the file system that holds the data folder.");
        if (!options.Store.IsPostgreSql)
        {
            // SQLite's own allocations, mostly its page caches; the runtime's meter knows nothing of them.
            store.CreateObservableGauge("cache.usage", () => SQLitePCL.raw.sqlite3_memory_used(), "By",
                "Memory SQLite holds, mostly its page caches.");
        }

        var outbox = meters.Create(HubMeters.Outbox);
        // Every status, 0 when the store counts none: the exporter keeps a series' last value until it is measured
        // again, so a status left out would go on showing the messages it had.
        outbox.CreateObservableGauge("messages", () => Enum.GetValues<OutboxStatus>().Select(status => new Measurement<long>(
            figures.Outbox.GetValueOrDefault(status.ToString()), new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()))), "{message}",
            "Outbox messages by status: pending (waiting to be sent), dead (gave up, replayable), suppressed, sent (kept until retention).");
    }

    /// <summary>Starts timing one batch; pass the result to <see cref="Committed"/> once it is durable.</summary>
    public long Start() => Stopwatch.GetTimestamp();

    public void Committed(long started) => _commit.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _system);

    private IEnumerable<Measurement<long>> Figure(long? value) =>
        value is { } v ? [new Measurement<long>(v, _system)] : [];
}
