using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>DISCONNECT and AUTH (MQTT 5.0 sections 3.14-3.15): an optional reason code and optional properties.</summary>
internal static class DisconnectCodec
{
    public static void Encode(MqttBufferWriter w, byte firstByte, byte reasonCode, MqttProperties? properties, MqttProtocolVersion version)
    {
        w.WriteByte(firstByte);
        int mark = w.BeginLengthPrefixed();
        if (version == MqttProtocolVersion.V500 && (reasonCode != 0 || properties is not null))
        {
            // Remaining length 0 means reason 0x00 and no properties (3.14.2.1, 3.15.2.1).
            w.WriteByte(reasonCode);
            if (properties is not null) { PropertiesCodec.Write(w, properties); }
        }

        w.EndLengthPrefixed(mark);
    }

    public static (byte ReasonCode, MqttProperties? Properties) Decode(MqttPacketType type, ref MqttSpanReader r, MqttProtocolVersion version)
    {
        if (version != MqttProtocolVersion.V500)
        {
            r.ExpectEnd("remaining length");
            return (0, null);
        }

        byte code = 0;
        MqttProperties? properties = null;
        if (r.Remaining > 0) { code = r.ReadByte("reason code"); }
        if (r.Remaining > 0) { properties = PropertiesCodec.Read(ref r, (int)type); }
        r.ExpectEnd("packet end");
        return (code, properties);
    }
}
