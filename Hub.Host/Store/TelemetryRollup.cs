namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One metric's readings within one bucket (a minute or an hour, starting at <paramref name="Bucket"/>): the exact
/// minimum, maximum, sum and count, and the reading with the latest timestamp.
/// </summary>
internal sealed record TelemetryRollup(
    string AssetId, string Metric, DateTimeOffset Bucket, double Min, double Max, double Sum, long Count,
    DateTimeOffset LastAt, double Last, string? Unit)
{
    /// <summary>The arithmetic mean of the bucket's readings.</summary>
    public double Mean => Sum / Count;
}
