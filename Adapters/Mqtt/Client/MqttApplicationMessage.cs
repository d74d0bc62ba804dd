namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>An application message, as published or as received.</summary>
public sealed record MqttApplicationMessage
{
    /// <summary>Creates a message for <paramref name="topic"/>.</summary>
    public MqttApplicationMessage(string topic, ReadOnlyMemory<byte> payload, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce)
    {
        Topic = topic;
        Payload = payload;
        QoS = qos;
    }

    /// <summary>Gets the topic name (no wildcards).</summary>
    public string Topic { get; init; }

    /// <summary>Gets the payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Gets the QoS; on a received message, the QoS it was delivered with.</summary>
    public MqttQualityOfService QoS { get; init; }

    /// <summary>Gets whether the message is (to be) retained by the broker. <value>The default value is false.</value></summary>
    public bool Retain { get; init; }

    /// <summary>Gets, on a received message, whether the broker flagged it as a possible redelivery (DUP).</summary>
    public bool Duplicate { get; init; }

    /// <summary>Gets the MQTT 5.0 message expiry interval in seconds (received: what is left of it). <value>The default value is null.</value></summary>
    public uint? MessageExpirySeconds { get; init; }

    /// <summary>Gets the MQTT 5.0 content type. <value>The default value is null.</value></summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the MQTT 5.0 response topic. <value>The default value is null.</value></summary>
    public string? ResponseTopic { get; init; }

    /// <summary>Gets the MQTT 5.0 correlation data. <value>The default value is null.</value></summary>
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }

    /// <summary>Gets the MQTT 5.0 payload format indicator: true for UTF-8 text. <value>The default value is null.</value></summary>
    public bool? PayloadIsUtf8 { get; init; }

    /// <summary>Gets the MQTT 5.0 user properties, in order. <value>The default value is none.</value></summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];

    /// <summary>
    /// Gets, on a received message, its size in bytes when the PUBLISH packet was larger than
    /// <see cref="MqttClientOptions.MaximumPacketSize"/> (MQTT 3.1.1, which cannot tell the broker the limit). Its
    /// payload was then read past and discarded, so <see cref="Payload"/> is empty: record the message as refused
    /// (topic and size) and complete the handler, which acknowledges it so the broker does not send it again.
    /// Null on every other message. <value>The default value is null.</value>
    /// </summary>
    public long? OversizedPacketSize { get; init; }

    /// <summary>Gets, on a received message, the MQTT 5.0 subscription identifiers that matched. <value>The default value is none.</value></summary>
    public IReadOnlyList<uint> SubscriptionIdentifiers { get; init; } = [];

    /// <summary>
    /// Gets, on a QoS 2 message received by a client with a client id, what a handler may store with the message's
    /// effect so that it is not handled again after a crash (see <see cref="MqttQos2Receipt"/>). Null on every other
    /// message and on messages to publish. <value>The default value is null.</value>
    /// </summary>
    public MqttQos2Receipt? Qos2Receipt { get; init; }
}
