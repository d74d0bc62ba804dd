namespace IntegrationHub.Bench.Sparkplug;

/// <summary>One drain of the sparkplug benchmark: one format, one round.</summary>
internal sealed record SparkplugRun(string Format, long Stored, long Expected, double Seconds, double CpuSeconds, string? Note)
{
    public int Round { get; init; }

    /// <summary>The 1-minute load average before the run.</summary>
    public double Load { get; init; }

    public double PerSecond => Stored / Seconds;
}
