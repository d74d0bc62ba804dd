using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Adapters.Mqtt.Client;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// Where the telemetry adapter's readings go. The adapter acknowledges QoS 1/2 messages only after
/// <see cref="StoreAsync(IReadOnlyList{SourceRecord}, IReadOnlyList{UnreadableMessage}, CancellationToken)"/> has returned for their batch, so an implementation returns only once the batch is
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

    /// <summary>
    /// Stores one batch as the other overload does and, in the same transaction, the receipts of its QoS 2 messages
    /// (in the session store the adapter's client loads from), then marks each one stored
    /// (<see cref="MqttQos2Receipt.MarkStored"/>): a QoS 2 message handled just before a crash is then not handled
    /// again after it (issue 16 item 16). The default stores the batch without them; the client then records them
    /// itself after the batch, before PUBREC, and a crash between the two repeats those messages.
    /// </summary>
    /// <returns>As the other overload: how many of <paramref name="readings"/> were dead-lettered instead.</returns>
    Task<int> StoreAsync(
        IReadOnlyList<SourceRecord> readings, IReadOnlyList<UnreadableMessage> unreadable, IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
        => StoreAsync(readings, unreadable, cancellationToken);
}
