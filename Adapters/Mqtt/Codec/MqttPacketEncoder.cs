using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>Encodes control packets for one protocol version into a <see cref="MqttBufferWriter"/>.</summary>
internal static class MqttPacketEncoder
{
    /// <summary>Appends <paramref name="packet"/> to <paramref name="writer"/> and returns its encoded size.</summary>
    public static int Encode(MqttBufferWriter writer, MqttPacket packet, MqttProtocolVersion version)
    {
        int start = writer.Length;
        switch (packet)
        {
            case ConnectPacket p: ConnectCodec.Encode(writer, p); break;
            case ConnAckPacket p: ConnectCodec.Encode(writer, p, version); break;
            case PublishPacket p: PublishCodec.Encode(writer, p, version); break;
            case MqttAckPacket p: AckCodec.Encode(writer, p, version); break;
            case SubscribePacket p: SubscribeCodec.Encode(writer, p, version); break;
            case SubAckPacket p: SubscribeCodec.Encode(writer, p, version); break;
            case UnsubscribePacket p: UnsubscribeCodec.Encode(writer, p, version); break;
            case UnsubAckPacket p: UnsubscribeCodec.Encode(writer, p, version); break;
            case PingReqPacket: writer.WriteByte(0xC0); writer.WriteByte(0); break;   // section 3.12: C0 00
            case PingRespPacket: writer.WriteByte(0xD0); writer.WriteByte(0); break;  // section 3.13: D0 00
            case DisconnectPacket p: DisconnectCodec.Encode(writer, 0xE0, p.ReasonCode, p.Properties, version); break;
            case AuthPacket p:
                if (version != MqttProtocolVersion.V500)
                {
                    throw new ArgumentException("AUTH exists only in MQTT 5.0.", nameof(packet));
                }

                DisconnectCodec.Encode(writer, 0xF0, p.ReasonCode, p.Properties, version);
                break;
            default: throw new ArgumentException("Unknown packet type " + packet.GetType().Name, nameof(packet));
        }

        return writer.Length - start;
    }
}
