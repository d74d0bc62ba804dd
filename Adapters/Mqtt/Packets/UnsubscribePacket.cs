namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (MQTT 3.1.1 section 3.10, MQTT 5.0 section 3.10).</summary>
internal sealed class UnsubscribePacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;
    public ushort PacketId { get; set; }
    public MqttProperties? Properties { get; set; }
    public List<string> TopicFilters { get; set; } = [];
}
