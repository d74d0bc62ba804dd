namespace IntegrationHub.Adapters.Mqtt.Telemetry;

/// <summary>A telemetry payload that cannot be read: not JSON, or not the shape configured. Says where and why.</summary>
public sealed class TelemetryPayloadException(string message) : Exception(message);
