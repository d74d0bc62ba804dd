using IntegrationHub.Adapters.Abstractions;

namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>
/// Where the telemetry adapter's readings go. The adapter acknowledges a QoS 1/2 message only after
/// <see cref="StoreAsync"/> has returned for it, so an implementation returns only once the readings are durable;
/// if it throws, the message is not acknowledged and the broker delivers it again.
/// </summary>
public interface ITelemetrySink
{
    /// <summary>Stores the readings of one message (one record per reading).</summary>
    Task StoreAsync(IReadOnlyList<SourceRecord> readings, CancellationToken cancellationToken);

    /// <summary>Keeps a message that cannot be read (bad JSON, wrong shape), with the reason; it is then acknowledged.</summary>
    Task DeadLetterAsync(string source, string topic, ReadOnlyMemory<byte> payload, string reason, CancellationToken cancellationToken);
}
