namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>A message whose payload cannot be read (not JSON, not the configured shape), kept whole with the reason.</summary>
public sealed record UnreadableMessage(string Source, string Topic, ReadOnlyMemory<byte> Payload, string Reason);
