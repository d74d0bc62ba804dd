namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>A decoded Sparkplug B payload (the <c>Payload</c> message, Sparkplug 3.0 section 6.4.2).</summary>
public sealed record SparkplugPayload(ulong? Timestamp, ulong? Seq, IReadOnlyList<SparkplugMetric> Metrics);
