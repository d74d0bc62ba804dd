using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>PUBLISH (MQTT 3.1.1 section 3.3, MQTT 5.0 section 3.3).</summary>
internal static class PublishCodec
{
    public static void Encode(MqttBufferWriter w, PublishPacket p, MqttProtocolVersion version)
    {
        if (p.QoS > MqttQualityOfService.AtMostOnce && p.PacketId == 0)
        {
            throw new ArgumentException("A QoS 1 or 2 PUBLISH needs a non-zero packet identifier [MQTT-2.2.1-3].", nameof(p));
        }

        byte first = (byte)(0x30                            // fixed header: type 3
            | (p.Dup ? 0x08 : 0)                            //   bit 3 DUP
            | ((byte)p.QoS << 1)                            //   bits 2-1 QoS
            | (p.Retain ? 0x01 : 0));                       //   bit 0 RETAIN
        w.WriteByte(first);
        int mark = w.BeginLengthPrefixed();
        w.WriteString(p.Topic);                             // 3.3.2.1 topic name
        if (p.QoS > MqttQualityOfService.AtMostOnce)
        {
            w.WriteUInt16(p.PacketId);                      // 3.3.2.2 packet identifier (QoS 1 and 2 only)
        }

        if (version == MqttProtocolVersion.V500) { PropertiesCodec.Write(w, p.Properties); }  // 3.3.2.3 properties
        w.WriteBytes(p.Payload.Span);                       // 3.3.3 payload: the rest of the packet
        w.EndLengthPrefixed(mark);
    }

    public static PublishPacket Decode(byte flags, ref MqttSpanReader r, MqttProtocolVersion version)
    {
        int qos = (flags >> 1) & 0x03;
        if (qos == 3)
        {
            throw r.ErrorAt("fixed header flags", 0, "QoS 3 is not allowed [MQTT-3.3.1-4]");
        }

        bool dup = (flags & 0x08) != 0;
        if (dup && qos == 0)
        {
            throw r.ErrorAt("fixed header flags", 0, "DUP must be 0 for a QoS 0 message [MQTT-3.3.1-2]");
        }

        var p = new PublishPacket { Dup = dup, QoS = (MqttQualityOfService)qos, Retain = (flags & 0x01) != 0 };
        int topicOffset = r.Offset;
        p.Topic = r.ReadString("topic name");
        if (p.Topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw r.ErrorAt("topic name", topicOffset, "a topic name must not contain wildcard characters [MQTT-3.3.2-2]");
        }

        if (qos > 0)
        {
            int idOffset = r.Offset;
            p.PacketId = r.ReadUInt16("packet identifier");
            if (p.PacketId == 0)
            {
                throw r.ErrorAt("packet identifier", idOffset, "packet identifier 0 is not allowed [MQTT-2.2.1-3]");
            }
        }

        if (version == MqttProtocolVersion.V500)
        {
            p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.Publish);
        }

        if (p.Topic.Length == 0 && p.Properties?.TopicAlias is null)
        {
            throw r.ErrorAt("topic name", topicOffset, "empty topic name without a topic alias");
        }

        // The payload must outlive the pipe's buffer, so it is copied once here.
        p.Payload = r.ReadRest().ToArray();
        return p;
    }
}
