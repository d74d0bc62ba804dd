using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP (MQTT 5.0 sections 3.4-3.7; in 3.1.1 only the packet identifier).</summary>
internal static class AckCodec
{
    public static void Encode(MqttBufferWriter w, MqttAckPacket p, MqttProtocolVersion version)
    {
        // PUBREL carries the fixed header flags 0010 [MQTT-3.6.1-1]; the others 0000.
        w.WriteByte((byte)(((byte)p.Type << 4) | (p.Type == MqttPacketType.PubRel ? 0x02 : 0)));
        int mark = w.BeginLengthPrefixed();
        w.WriteUInt16(p.PacketId);                          // packet identifier
        if (version == MqttProtocolVersion.V500 && (p.ReasonCode != 0 || p.Properties is not null))
        {
            // 5.0: reason code and properties may be omitted when the code is 0 (Success) and there are none.
            w.WriteByte(p.ReasonCode);
            if (p.Properties is not null) { PropertiesCodec.Write(w, p.Properties); }
        }

        w.EndLengthPrefixed(mark);
    }

    public static MqttAckPacket Decode(MqttPacketType type, ref MqttSpanReader r, MqttProtocolVersion version)
    {
        MqttAckPacket p = type switch
        {
            MqttPacketType.PubAck => new PubAckPacket(),
            MqttPacketType.PubRec => new PubRecPacket(),
            MqttPacketType.PubRel => new PubRelPacket(),
            _ => new PubCompPacket(),
        };
        int idOffset = r.Offset;
        p.PacketId = r.ReadUInt16("packet identifier");
        if (p.PacketId == 0)
        {
            throw r.ErrorAt("packet identifier", idOffset, "packet identifier 0 is not allowed [MQTT-2.2.1-3]");
        }

        if (version == MqttProtocolVersion.V500)
        {
            if (r.Remaining > 0) { p.ReasonCode = r.ReadByte("reason code"); }
            if (r.Remaining > 0) { p.Properties = PropertiesCodec.Read(ref r, (int)type); }
        }

        r.ExpectEnd("packet end");
        return p;
    }
}
