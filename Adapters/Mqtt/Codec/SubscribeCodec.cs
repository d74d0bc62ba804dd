using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>SUBSCRIBE and SUBACK (MQTT 3.1.1 sections 3.8-3.9, MQTT 5.0 sections 3.8-3.9).</summary>
internal static class SubscribeCodec
{
    public static void Encode(MqttBufferWriter w, SubscribePacket p, MqttProtocolVersion version)
    {
        if (p.Subscriptions.Count == 0)
        {
            throw new ArgumentException("A SUBSCRIBE needs at least one topic filter [MQTT-3.8.3-3].", nameof(p));
        }

        w.WriteByte(0x82);                                  // fixed header: type 8, flags 0010 [MQTT-3.8.1-1]
        int mark = w.BeginLengthPrefixed();
        w.WriteUInt16(p.PacketId);                          // 3.8.2 packet identifier
        bool v5 = version == MqttProtocolVersion.V500;
        if (v5) { PropertiesCodec.Write(w, p.Properties); } // 3.8.2.1 properties
        foreach (MqttSubscription s in p.Subscriptions)
        {
            w.WriteString(s.TopicFilter);                   // 3.8.3 topic filter
            byte options = (byte)s.QoS;                     //   bits 1-0 maximum QoS
            if (v5)
            {
                if (s.NoLocal) { options |= 0x04; }         //   bit 2 no local
                if (s.RetainAsPublished) { options |= 0x08; }  //   bit 3 retain as published
                options |= (byte)((byte)s.RetainHandling << 4);  //   bits 5-4 retain handling
            }

            w.WriteByte(options);
        }

        w.EndLengthPrefixed(mark);
    }

    public static SubscribePacket Decode(ref MqttSpanReader r, MqttProtocolVersion version)
    {
        var p = new SubscribePacket { PacketId = ReadPacketId(ref r) };
        bool v5 = version == MqttProtocolVersion.V500;
        if (v5) { p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.Subscribe); }
        while (r.Remaining > 0)
        {
            string filter = r.ReadString("topic filter");
            int optionsOffset = r.Offset;
            byte options = r.ReadByte("subscription options");
            int qos = options & 0x03;
            int retainHandling = (options >> 4) & 0x03;
            if (qos == 3 || (options & (v5 ? 0xC0 : 0xFC)) != 0 || retainHandling == 3)
            {
                throw r.ErrorAt("subscription options", optionsOffset, $"invalid options byte 0x{options:X2} [MQTT-3.8.3-5]");
            }

            p.Subscriptions.Add(new MqttSubscription(filter, (MqttQualityOfService)qos)
            {
                NoLocal = (options & 0x04) != 0,
                RetainAsPublished = (options & 0x08) != 0,
                RetainHandling = (MqttRetainHandling)retainHandling,
            });
        }

        if (p.Subscriptions.Count == 0)
        {
            throw r.Error("payload", "a SUBSCRIBE needs at least one topic filter [MQTT-3.8.3-3]");
        }

        return p;
    }

    public static void Encode(MqttBufferWriter w, SubAckPacket p, MqttProtocolVersion version)
    {
        w.WriteByte(0x90);                                  // fixed header: type 9, flags 0
        int mark = w.BeginLengthPrefixed();
        w.WriteUInt16(p.PacketId);
        if (version == MqttProtocolVersion.V500) { PropertiesCodec.Write(w, p.Properties); }
        foreach (byte code in p.ReasonCodes) { w.WriteByte(code); }  // 3.9.3 one reason code per filter
        w.EndLengthPrefixed(mark);
    }

    public static SubAckPacket DecodeSubAck(ref MqttSpanReader r, MqttProtocolVersion version)
    {
        var p = new SubAckPacket { PacketId = ReadPacketId(ref r) };
        if (version == MqttProtocolVersion.V500) { p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.SubAck); }
        while (r.Remaining > 0)
        {
            int offset = r.Offset;
            byte code = r.ReadByte("reason code");
            if (version == MqttProtocolVersion.V311 && code is not (0 or 1 or 2 or 0x80))
            {
                throw r.ErrorAt("return code", offset, $"expected 0x00, 0x01, 0x02 or 0x80 but found 0x{code:X2} [MQTT-3.9.3-2]");
            }

            p.ReasonCodes.Add(code);
        }

        if (p.ReasonCodes.Count == 0)
        {
            throw r.Error("payload", "a SUBACK needs at least one reason code");
        }

        return p;
    }

    internal static ushort ReadPacketId(ref MqttSpanReader r)
    {
        int offset = r.Offset;
        ushort id = r.ReadUInt16("packet identifier");
        if (id == 0)
        {
            throw r.ErrorAt("packet identifier", offset, "packet identifier 0 is not allowed [MQTT-2.2.1-3]");
        }

        return id;
    }
}
