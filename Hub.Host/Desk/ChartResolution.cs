using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Which history the ticket page's chart reads for a range (issue 17 item 6): raw readings for the last hours (the
/// default 6 h, fresh to the last reading), minute rollups up to a day, hour rollups beyond; each only while the range
/// lies within that resolution's retention, else the next coarser one. Rollups are as fresh as the retention
/// service's last pass (<c>Hub:Retention:Interval</c>).
/// </summary>
internal static class ChartResolution
{
    /// <summary>The longest range the chart asks for, in hours: 30 days, 720 hour buckets.</summary>
    public const int MaxHours = 720;

    private static readonly TimeSpan RawUpTo = TimeSpan.FromHours(6);
    private static readonly TimeSpan MinuteUpTo = TimeSpan.FromHours(24);

    public static TelemetryResolution For(TimeSpan range, TelemetryOptions telemetry) =>
        range <= RawUpTo && range <= telemetry.RawRetention ? TelemetryResolution.Raw
        : range <= MinuteUpTo && range <= telemetry.RollupRetention.Minute ? TelemetryResolution.Minute
        : TelemetryResolution.Hour;

    /// <summary>The chart's series from rollups: one point per bucket, at the bucket's mean, with its min and max.</summary>
    public static TicketTelemetry FromRollups(string assetId, TelemetryResolution resolution, IReadOnlyList<TelemetryRollup> rollups) =>
        new(assetId, [.. rollups
            .GroupBy(r => r.Metric, StringComparer.Ordinal)
            .Select(g => new MetricSeries(g.Key, g.Last().Unit, [.. g.Select(r => new TelemetryPoint(r.Bucket, r.Mean, r.Min, r.Max))]))], resolution);

    /// <summary>Enough buckets to cover <paramref name="range"/>.</summary>
    public static int Buckets(TimeSpan range, TelemetryResolution resolution) =>
        (int)Math.Ceiling(range.Ticks / (double)(TelemetryBuckets.Width(resolution) * TimeSpan.TicksPerMicrosecond)) + 1;
}
