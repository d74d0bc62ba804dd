namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>Base of every control packet: plain data, encoded and decoded by the classes in Codec/.</summary>
internal abstract class MqttPacket
{
    public abstract MqttPacketType Type { get; }
}
