namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>SUBACK (MQTT 3.1.1 section 3.9, MQTT 5.0 section 3.9): one reason code per requested filter, in order.</summary>
internal sealed class SubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.SubAck;
    public ushort PacketId { get; set; }
    public MqttProperties? Properties { get; set; }
    public List<byte> ReasonCodes { get; set; } = [];
}
