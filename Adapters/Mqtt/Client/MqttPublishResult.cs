namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>The outcome of a publication: for QoS 1 the PUBACK, for QoS 2 the PUBREC/PUBCOMP, for QoS 0 always success.</summary>
/// <param name="ReasonCode">The 5.0 reason code (0x00 Success, 0x10 No matching subscribers, 0x80 and up a failure); 0 under 3.1.1.</param>
/// <param name="ReasonString">The 5.0 reason string, if the broker sent one.</param>
public sealed record MqttPublishResult(byte ReasonCode, string? ReasonString)
{
    /// <summary>Gets whether the broker accepted the message.</summary>
    public bool IsSuccess => ReasonCode < 0x80;

    /// <summary>
    /// Gets whether a QoS 2 exchange was completed during recovery: the PUBREL we resent after a reconnect was
    /// answered with PUBCOMP 0x92 "packet identifier not found", which MQTT 5.0 (section 4.3.3, PUBCOMP reason
    /// codes) says is not an error during recovery: the broker had already completed it and the PUBCOMP was lost.
    /// </summary>
    public bool CompletedInRecovery { get; init; }
}
