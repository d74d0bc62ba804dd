namespace IntegrationHub.Bench.Mqtt;

/// <summary>
/// One subscriber draining one batch of messages: what it received, in how long, and at what peak memory. Mode "live":
/// subscribed while the publisher sends; "queued": the broker queued every message for its persistent session first.
/// </summary>
internal sealed record SubscriberRun(string Subscriber, int QoS, long Sent, long Received, double Seconds, double PeakMiB, double PublisherSeconds, string? Note, string Mode = "live")
{
    /// <summary>Gets the subscriber process's CPU time (user + system, start-up included); NaN where not measured (the adapter).</summary>
    public double CpuSeconds { get; init; } = double.NaN;

    /// <summary>The adapter's store (issue 17's mqtt-store benchmark): SQLite or PostgreSQL; null for the others.</summary>
    public string? Store { get; init; }

    /// <summary>The hub process's CPU seconds over the adapter's timed window; NaN where not measured.</summary>
    public double HubCpuSeconds { get; init; } = double.NaN;

    /// <summary>The CPU seconds of the PostgreSQL backends serving the hub over the same window; NaN on SQLite.</summary>
    public double BackendCpuSeconds { get; init; } = double.NaN;

    /// <summary>The round of the benchmark this run belongs to (from 1); ratios are taken within a round.</summary>
    public int Round { get; init; } = 1;

    /// <summary>The 1-minute load average just before this run (issue 20 item 3); above 1.5 the run is NOISY.</summary>
    public double Load { get; init; } = double.NaN;

    /// <summary>The hub variant of an adapter run (default, r2r, pgo, no-tiering); null for the others.</summary>
    public string? Variant { get; init; }

    /// <summary>The hub's time from its process start to its last reading stored (the adapter's drain); NaN elsewhere.</summary>
    public double SecondsFromProcessStart { get; init; } = double.NaN;

    /// <summary>The subscriber's CPU seconds per 100,000 messages: its process's for the clients, the hub's over the timed window for the adapter.</summary>
    public double CpuPer100k => (double.IsNaN(CpuSeconds) ? HubCpuSeconds : CpuSeconds) * 100_000 / Math.Max(1, Received);

    /// <summary>Messages per second from the first to the last received (for the adapter: from the first publish to the last stored).</summary>
    public double PerSecond => Received / Seconds;

    public double PublisherPerSecond => Sent / PublisherSeconds;
}
