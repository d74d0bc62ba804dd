namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>Shared shape of PUBACK, PUBREC, PUBREL and PUBCOMP: packet id, and in 5.0 a reason code and properties.</summary>
internal abstract class MqttAckPacket : MqttPacket
{
    public ushort PacketId { get; set; }
    public byte ReasonCode { get; set; }
    public MqttProperties? Properties { get; set; }
}
