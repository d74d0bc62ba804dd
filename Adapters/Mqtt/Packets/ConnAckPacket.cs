namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>CONNACK (MQTT 3.1.1 section 3.2, MQTT 5.0 section 3.2). The reason code is the raw byte: 3.1.1 return code or 5.0 reason code.</summary>
internal sealed class ConnAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.ConnAck;
    public bool SessionPresent { get; set; }
    public byte ReasonCode { get; set; }
    public MqttProperties? Properties { get; set; }
}
