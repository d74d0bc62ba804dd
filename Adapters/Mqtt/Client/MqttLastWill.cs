namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>The will message the broker publishes when the client disconnects without a DISCONNECT (MQTT 5.0 section 3.1.2.5).</summary>
/// <param name="Topic">The will topic.</param>
/// <param name="Payload">The will payload.</param>
public sealed record MqttLastWill(string Topic, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Gets the will QoS. <value>The default value is QoS 1.</value></summary>
    public MqttQualityOfService QoS { get; init; } = MqttQualityOfService.AtLeastOnce;

    /// <summary>Gets whether the will is retained. <value>The default value is false.</value></summary>
    public bool Retain { get; init; }

    /// <summary>Gets the MQTT 5.0 will delay in seconds. <value>The default value is null (none).</value></summary>
    public uint? DelaySeconds { get; init; }

    /// <summary>Gets the MQTT 5.0 message expiry of the will in seconds. <value>The default value is null (none).</value></summary>
    public uint? MessageExpirySeconds { get; init; }
}
