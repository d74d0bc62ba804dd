namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>SUBSCRIBE (MQTT 3.1.1 section 3.8, MQTT 5.0 section 3.8).</summary>
internal sealed class SubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Subscribe;
    public ushort PacketId { get; set; }
    public MqttProperties? Properties { get; set; }
    public List<MqttSubscription> Subscriptions { get; set; } = [];
}
