namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// How every store keeps a point in time: Unix microseconds in a 64-bit integer, UTC. One format on both databases,
/// so that rows, keys and partitions compare alike and a site copied from one store to the other keeps its times.
/// </summary>
internal static class StoreTime
{
    public static long Micros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
}
