namespace IntegrationHub.Bench.Rules;

/// <summary>
/// One timed run of the hub-vs-Node-RED comparison: which side, how many watched readings it took in how long (from
/// the first publish), its process's CPU over that time, and the 1-minute load average before the run.
/// </summary>
internal sealed record NodeRedRun(string Side, int Round, long Readings, long Taken, double Seconds, double CpuSeconds, double PeakMiB, double Load, string? Note)
{
    /// <summary>The publisher's wall seconds (start-up included): a side cannot take readings faster than they are sent.</summary>
    public double PublisherSeconds { get; init; } = double.NaN;

    /// <summary>live: subscribed while the publisher sends; queued: drained a persistent session the broker filled first.</summary>
    public string Mode { get; init; } = "live";

    /// <summary>
    /// The whole machine's busy CPU seconds over the timed window (/proc/stat: the side, the publisher, the broker and
    /// anything else): when the cores were full, the side's rate was bound by CPU, not by the publisher or the broker.
    /// </summary>
    public double MachineBusySeconds { get; init; } = double.NaN;

    /// <summary>The side's process CPU over the window, in % of one core.</summary>
    public double CorePercent => CpuSeconds * 100 / Seconds;

    /// <summary>The machine's busy CPU over the window, in % of all its cores.</summary>
    public double MachinePercent => MachineBusySeconds * 100 / Seconds / Environment.ProcessorCount;

    /// <summary>Watched readings per second through the rules (the hub) or the flow (Node-RED).</summary>
    public double PerSecond => Taken / Seconds;

    /// <summary>CPU µs of the side's own process per reading.</summary>
    public double CpuMicrosPerReading => CpuSeconds * 1e6 / Math.Max(1, Taken);
}
