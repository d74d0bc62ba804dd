namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>PUBLISH (MQTT 3.1.1 section 3.3, MQTT 5.0 section 3.3).</summary>
internal sealed class PublishPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Publish;
    public bool Dup { get; set; }
    public MqttQualityOfService QoS { get; set; }
    public bool Retain { get; set; }
    public string Topic { get; set; } = string.Empty;

    /// <summary>Zero for QoS 0.</summary>
    public ushort PacketId { get; set; }
    public MqttProperties? Properties { get; set; }
    public ReadOnlyMemory<byte> Payload { get; set; }

    /// <summary>Non-zero when the packet was above the maximum packet size: its size in bytes; the payload was discarded unread.</summary>
    public long OversizedSize { get; set; }
}
