namespace IntegrationHub.Adapters.Mqtt;

/// <summary>An MQTT 5.0 user property: a UTF-8 name and value pair; names may repeat (section 3.3.2.3.7).</summary>
/// <param name="Name">The property name.</param>
/// <param name="Value">The property value.</param>
public readonly record struct MqttUserProperty(string Name, string Value);
