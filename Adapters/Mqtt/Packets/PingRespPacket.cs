namespace IntegrationHub.Adapters.Mqtt.Packets;

/// <summary>PINGRESP (section 3.13): no variable header, no payload.</summary>
internal sealed class PingRespPacket : MqttPacket
{
    public static readonly PingRespPacket Instance = new();

    public override MqttPacketType Type => MqttPacketType.PingResp;
}
