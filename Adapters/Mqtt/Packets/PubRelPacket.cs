namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>PUBREL (MQTT 5.0 section 3.6).</summary>
internal sealed class PubRelPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubRel;
}
