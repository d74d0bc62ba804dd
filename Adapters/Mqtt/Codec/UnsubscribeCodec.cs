using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>UNSUBSCRIBE and UNSUBACK (MQTT 3.1.1 sections 3.10-3.11, MQTT 5.0 sections 3.10-3.11).</summary>
internal static class UnsubscribeCodec
{
    public static void Encode(MqttBufferWriter w, UnsubscribePacket p, MqttProtocolVersion version)
    {
        if (p.TopicFilters.Count == 0)
        {
            throw new ArgumentException("An UNSUBSCRIBE needs at least one topic filter [MQTT-3.10.3-2].", nameof(p));
        }

        w.WriteByte(0xA2);                                  // fixed header: type 10, flags 0010 [MQTT-3.10.1-1]
        int mark = w.BeginLengthPrefixed();
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V500) { PropertiesCodec.Write(w, p.Properties); }
        foreach (string filter in p.TopicFilters) { w.WriteString(filter); }
        w.EndLengthPrefixed(mark);
    }

    public static UnsubscribePacket Decode(ref MqttSpanReader r, MqttProtocolVersion version)
    {
        var p = new UnsubscribePacket { PacketId = SubscribeCodec.ReadPacketId(ref r) };
        if (version == MqttProtocolVersion.V500) { p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.Unsubscribe); }
        while (r.Remaining > 0) { p.TopicFilters.Add(r.ReadString("topic filter")); }
        if (p.TopicFilters.Count == 0)
        {
            throw r.Error("payload", "an UNSUBSCRIBE needs at least one topic filter [MQTT-3.10.3-2]");
        }

        return p;
    }

    public static void Encode(MqttBufferWriter w, UnsubAckPacket p, MqttProtocolVersion version)
    {
        w.WriteByte(0xB0);                                  // fixed header: type 11, flags 0
        int mark = w.BeginLengthPrefixed();
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V500)
        {
            PropertiesCodec.Write(w, p.Properties);
            foreach (byte code in p.ReasonCodes) { w.WriteByte(code); }
        }

        w.EndLengthPrefixed(mark);
    }

    public static UnsubAckPacket DecodeUnsubAck(ref MqttSpanReader r, MqttProtocolVersion version)
    {
        var p = new UnsubAckPacket { PacketId = SubscribeCodec.ReadPacketId(ref r) };
        if (version == MqttProtocolVersion.V500)
        {
            p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.UnsubAck);
            while (r.Remaining > 0) { p.ReasonCodes.Add(r.ReadByte("reason code")); }
        }

        r.ExpectEnd("packet end");
        return p;
    }
}
