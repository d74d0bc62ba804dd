using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// Where the telemetry adapter's readings go. The adapter acknowledges QoS 1/2 messages only after
/// <see cref="StoreAsync"/> has returned for their batch, so an implementation returns only once the batch is
/// durable; if it throws, none of the batch's messages is acknowledged and the broker delivers them again.
/// </summary>
public interface ITelemetrySink
{
    /// <summary>
    /// Stores one batch: the readings of the messages that could be read (one record per reading) and the messages
    /// that could not, as dead letters. One transaction per batch is what makes the adapter fast.
    /// </summary>
    /// <returns>
    /// How many of <paramref name="readings"/> the sink dead-lettered instead of storing (a reading its mapping
    /// refused), so that the adapter counts stored readings and dead letters apart (issue 16 item 15).
    /// </returns>
    Task<int> StoreAsync(IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, CancellationToken cancellationToken);
}
