namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>PUBREC (MQTT 5.0 section 3.5).</summary>
internal sealed class PubRecPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRec;
}
