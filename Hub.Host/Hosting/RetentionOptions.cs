namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// Retention of what else grows without bound, and how the retention service runs (section <c>Hub:Retention</c>,
/// issue 17 item 6). Telemetry's own retention is <see cref="TelemetryOptions"/>.
/// </summary>
internal sealed record RetentionOptions
{
    /// <summary>A dead letter still waiting for a replay is deleted this long after it was created.</summary>
    /// <value>
    /// The default value is 180 days: longer than <see cref="ReplayedDeadLetters"/>, because until it is replayed it
    /// is the only copy of data the hub could not take in, and a mapping may be fixed weeks later.
    /// </value>
    public TimeSpan DeadLetters { get; init; } = TimeSpan.FromDays(180);

    /// <summary>A replayed dead letter is deleted this long after its replay: its data is in the store by then.</summary>
    /// <value>The default value is 30 days; at most <see cref="DeadLetters"/>.</value>
    public TimeSpan ReplayedDeadLetters { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A sent (or suppressed) outbox message is deleted this long after it was sent. Pending and dead ones are kept.</summary>
    /// <value>The default value is 30 days; at least <c>Hub:Notifications:CustomerWindow</c>, whose limit counts the sent messages.</value>
    public TimeSpan SentOutbox { get; init; } = TimeSpan.FromDays(30);

    /// <summary>A file in the file drop's <c>processed/</c> folder is deleted when its last write is older than this.</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan ProcessedFiles { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often the retention service rolls up telemetry and deletes what is past retention.</summary>
    /// <value>The default value is 1 minute; 1 second to 1 hour.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Rows of each step's first batch: each batch is one short transaction, so that ingest waits at most for one.
    /// While a step has a backlog its batches double, up to 8 times this (2,000 rows by default), and halve after one
    /// that took over 100 ms (Telemetry/Retention/AdaptiveBatch.cs), so a site need not tune this to keep up. Measured here on a table of 1,000,000 readings (without the commit's fsync, on a
    /// loaded machine): a roll-up batch of 250 took 0.5 ms (median), a delete batch of 250 0.9 ms; batches of 1,000
    /// took 1.2 ms and 25 ms.
    /// </summary>
    /// <value>The default value is 250; 1 to 100000.</value>
    public int BatchSize { get; init; } = 250;

    /// <summary>The pause between two batches, in which ingest takes the database's write lock.</summary>
    /// <value>The default value is 5 ms; 0 to 1 second.</value>
    public TimeSpan BatchPause { get; init; } = TimeSpan.FromMilliseconds(5);
}
