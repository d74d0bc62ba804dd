namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>AUTH (MQTT 5.0 section 3.15, enhanced authentication; not in 3.1.1).</summary>
internal sealed class AuthPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Auth;
    public byte ReasonCode { get; set; }
    public MqttProperties? Properties { get; set; }
}
