namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>PUBACK (MQTT 5.0 section 3.4).</summary>
internal sealed class PubAckPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubAck;
}
