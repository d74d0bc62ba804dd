namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>DISCONNECT (MQTT 3.1.1 section 3.14: empty; MQTT 5.0 section 3.14: reason code and properties, either direction).</summary>
internal sealed class DisconnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Disconnect;
    public byte ReasonCode { get; set; }
    public MqttProperties? Properties { get; set; }
}
