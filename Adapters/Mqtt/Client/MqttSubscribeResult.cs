namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>The broker's answer for one topic filter of a SUBSCRIBE (SUBACK) or UNSUBSCRIBE (UNSUBACK).</summary>
/// <param name="TopicFilter">The filter as requested.</param>
/// <param name="ReasonCode">The raw reason code: the granted QoS (0-2) when below 0x80, else the failure (0x80 in 3.1.1; 0x80-0xA2 in 5.0).</param>
public sealed record MqttSubscribeResult(string TopicFilter, byte ReasonCode)
{
    /// <summary>Gets whether the broker accepted the filter.</summary>
    public bool IsSuccess => ReasonCode < 0x80;

    /// <summary>Gets the granted QoS of an accepted subscription.</summary>
    public MqttQualityOfService? GrantedQoS => ReasonCode <= 2 ? (MqttQualityOfService)ReasonCode : null;

    /// <summary>Gets a readable description of the reason code.</summary>
    public string Description => MqttReasonCodes.Describe(ReasonCode);
}
