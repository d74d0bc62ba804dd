namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>UNSUBACK (MQTT 3.1.1 section 3.11: packet id only; MQTT 5.0 section 3.11: also one reason code per filter).</summary>
internal sealed class UnsubAckPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.UnsubAck;
    public ushort PacketId { get; set; }
    public MqttProperties? Properties { get; set; }
    public List<byte> ReasonCodes { get; set; } = [];
}
