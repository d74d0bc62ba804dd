namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>PUBCOMP (MQTT 5.0 section 3.7).</summary>
internal sealed class PubCompPacket : MqttAckPacket
{
    public override MqttPacketType Type => MqttPacketType.PubComp;
}
