namespace IntegrationHub.Hub.Host.Store;

/// <summary>Bucket widths of the rollups, in the store's time unit (Unix microseconds).</summary>
internal static class TelemetryBuckets
{
    public const long MinuteMicros = 60L * 1_000_000;

    public const long HourMicros = 60 * MinuteMicros;

    public static long Width(TelemetryResolution resolution) => resolution switch
    {
        TelemetryResolution.Minute => MinuteMicros,
        TelemetryResolution.Hour => HourMicros,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Raw readings have no buckets."),
    };

    /// <summary>The start of the bucket holding <paramref name="micros"/>; floors, so times before 1970 bucket correctly too.</summary>
    public static long Start(long micros, long width) => micros - (((micros % width) + width) % width);
}
