using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>CONNECT and CONNACK (MQTT 3.1.1 sections 3.1-3.2, MQTT 5.0 sections 3.1-3.2).</summary>
internal static class ConnectCodec
{
    private const string ProtocolName = "MQTT";

    public static void Encode(MqttBufferWriter w, ConnectPacket p)
    {
        bool v5 = p.ProtocolVersion == MqttProtocolVersion.V500;
        if (!v5 && p.Password is not null && p.UserName is null)
        {
            throw new ArgumentException("MQTT 3.1.1 does not allow a password without a user name [MQTT-3.1.2-22].", nameof(p));
        }

        w.WriteByte(0x10);                                  // fixed header: type 1, flags 0
        int mark = w.BeginLengthPrefixed();                 // remaining length
        w.WriteString(ProtocolName);                        // 3.1.2.1 protocol name
        w.WriteByte((byte)p.ProtocolVersion);               // 3.1.2.2 protocol level: 4 or 5
        byte flags = 0;                                     // 3.1.2.3 connect flags
        if (p.UserName is not null) { flags |= 0x80; }      //   bit 7 user name
        if (p.Password is not null) { flags |= 0x40; }      //   bit 6 password
        if (p.HasWill)
        {
            if (p.WillRetain) { flags |= 0x20; }            //   bit 5 will retain
            flags |= (byte)((byte)p.WillQoS << 3);          //   bits 4-3 will QoS
            flags |= 0x04;                                  //   bit 2 will flag
        }

        if (p.CleanSession) { flags |= 0x02; }              //   bit 1 clean session / clean start; bit 0 reserved
        w.WriteByte(flags);
        w.WriteUInt16(p.KeepAliveSeconds);                  // 3.1.2.10 keep alive
        if (v5) { PropertiesCodec.Write(w, p.Properties); } // 3.1.2.11 properties (5.0)
        w.WriteString(p.ClientId);                          // 3.1.3.1 client identifier
        if (p.HasWill)
        {
            if (v5) { PropertiesCodec.Write(w, p.WillProperties); }  // 3.1.3.2 will properties (5.0)
            w.WriteString(p.WillTopic);                     // will topic
            w.WriteBinary(p.WillPayload);                   // will payload
        }

        if (p.UserName is not null) { w.WriteString(p.UserName); }
        if (p.Password is not null) { w.WriteBinary(p.Password); }
        w.EndLengthPrefixed(mark);
    }

    public static ConnectPacket Decode(ref MqttSpanReader r)
    {
        int nameOffset = r.Offset;
        string name = r.ReadString("protocol name");
        if (name != ProtocolName)
        {
            throw r.ErrorAt("protocol name", nameOffset, $"expected \"MQTT\" but found \"{name}\"");
        }

        int levelOffset = r.Offset;
        byte level = r.ReadByte("protocol level");
        if (level != 4 && level != 5)
        {
            throw r.ErrorAt("protocol level", levelOffset, $"expected 4 (3.1.1) or 5 (5.0) but found {level}");
        }

        var p = new ConnectPacket { ProtocolVersion = (MqttProtocolVersion)level };
        bool v5 = level == 5;
        int flagsOffset = r.Offset;
        byte flags = r.ReadByte("connect flags");
        if ((flags & 0x01) != 0)
        {
            throw r.ErrorAt("connect flags", flagsOffset, "reserved bit 0 is set [MQTT-3.1.2-3]");
        }

        p.CleanSession = (flags & 0x02) != 0;
        p.HasWill = (flags & 0x04) != 0;
        int willQoS = (flags >> 3) & 0x03;
        p.WillRetain = (flags & 0x20) != 0;
        if (!p.HasWill && (willQoS != 0 || p.WillRetain))
        {
            throw r.ErrorAt("connect flags", flagsOffset, "will QoS or will retain set without the will flag [MQTT-3.1.2-11]");
        }

        if (willQoS == 3)
        {
            throw r.ErrorAt("connect flags", flagsOffset, "will QoS 3 is not allowed [MQTT-3.1.2-14]");
        }

        p.WillQoS = (MqttQualityOfService)willQoS;
        bool hasUserName = (flags & 0x80) != 0;
        bool hasPassword = (flags & 0x40) != 0;
        if (!v5 && hasPassword && !hasUserName)
        {
            throw r.ErrorAt("connect flags", flagsOffset, "password flag set without the user name flag [MQTT-3.1.2-22]");
        }

        p.KeepAliveSeconds = r.ReadUInt16("keep alive");
        if (v5) { p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.Connect); }
        p.ClientId = r.ReadString("client identifier");
        if (p.HasWill)
        {
            if (v5) { p.WillProperties = PropertiesCodec.Read(ref r, PropertiesCodec.WillContext); }
            p.WillTopic = r.ReadString("will topic");
            p.WillPayload = r.ReadBinary("will payload");
        }

        if (hasUserName) { p.UserName = r.ReadString("user name"); }
        if (hasPassword) { p.Password = r.ReadBinary("password"); }
        r.ExpectEnd("payload");
        return p;
    }

    public static void Encode(MqttBufferWriter w, ConnAckPacket p, MqttProtocolVersion version)
    {
        w.WriteByte(0x20);                                  // fixed header: type 2, flags 0
        int mark = w.BeginLengthPrefixed();
        w.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);  // 3.2.2.1 acknowledge flags: bit 0 session present
        w.WriteByte(p.ReasonCode);                          // 3.2.2.2 return code / reason code
        if (version == MqttProtocolVersion.V500) { PropertiesCodec.Write(w, p.Properties); }
        w.EndLengthPrefixed(mark);
    }

    public static ConnAckPacket Decode(ref MqttSpanReader r, MqttProtocolVersion version)
    {
        int flagsOffset = r.Offset;
        byte flags = r.ReadByte("acknowledge flags");
        if ((flags & 0xFE) != 0)
        {
            throw r.ErrorAt("acknowledge flags", flagsOffset, $"reserved bits 7-1 must be 0 but the byte is 0x{flags:X2} [MQTT-3.2.2-1]");
        }

        var p = new ConnAckPacket { SessionPresent = (flags & 1) != 0, ReasonCode = r.ReadByte("reason code") };

        // A 5.0 broker answering a 3.1.1 CONNECT may still be read as 3.1.1; a 5.0 CONNACK always has properties.
        if (version == MqttProtocolVersion.V500 && r.Remaining > 0)
        {
            p.Properties = PropertiesCodec.Read(ref r, (int)MqttPacketType.ConnAck);
        }

        r.ExpectEnd("properties");
        return p;
    }
}
