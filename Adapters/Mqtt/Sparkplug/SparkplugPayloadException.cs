namespace IntegrationHub.Adapters.Mqtt.Sparkplug;

/// <summary>A Sparkplug B payload that cannot be read: says what was expected, what arrived and at which byte.</summary>
public sealed class SparkplugPayloadException(string message) : Exception(message);
