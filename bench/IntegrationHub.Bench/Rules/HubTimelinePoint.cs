namespace IntegrationHub.Bench.Rules;

/// <summary>
/// A rules run's hub at one instant, from its own figures: /health's counts, its CPU from /proc, and from /metrics the
/// runtime's GC and JIT counters and the store's commit histogram. A second's figures are the difference of two.
/// </summary>
internal sealed record HubTimelinePoint(
    DateTimeOffset At,
    long Stored,
    long Evaluated,
    double CpuSeconds,
    double GcPauseSeconds,
    double Gen2Collections,
    double JitSeconds,
    double JitMethods,
    double LockContentions,
    double Commits,
    double CommitsOver100Ms,
    double CommitSeconds);
