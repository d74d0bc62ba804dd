using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>
/// MQTT 5.0 properties (section 2.2.2): a variable byte integer length, then identifier/value pairs. The table of
/// section 2.2.2.2 decides which packet may carry which property; the will properties use context 0.
/// </summary>
internal static class PropertiesCodec
{
    public const int WillContext = 0;

    private const int Connect = 1 << 1, ConnAck = 1 << 2, Publish = 1 << 3, PubAck = 1 << 4, PubRec = 1 << 5, PubRel = 1 << 6,
        PubComp = 1 << 7, Subscribe = 1 << 8, SubAck = 1 << 9, UnsubAck = 1 << 11, Disconnect = 1 << 14, Auth = 1 << 15, Will = 1;

    private const int All = 0xFFFF;

    public static MqttProperties? Read(ref MqttSpanReader reader, int context)
    {
        int start = reader.Offset;
        uint length = reader.ReadVariableByteInteger("property length");
        if (length > reader.Remaining)
        {
            throw reader.ErrorAt("property length", start, $"property length {length} exceeds the {reader.Remaining} byte(s) left in the packet");
        }

        if (length == 0)
        {
            return null;
        }

        int end = reader.Offset + (int)length;
        var properties = new MqttProperties();
        while (reader.Offset < end)
        {
            int propertyOffset = reader.Offset;
            uint id = reader.ReadVariableByteInteger("property identifier");
            int allowed = AllowedIn(id);
            if (allowed == 0)
            {
                throw reader.ErrorAt("property identifier", propertyOffset, $"unknown property identifier 0x{id:X2}");
            }

            if ((allowed & (1 << context)) == 0)
            {
                throw reader.ErrorAt("property identifier", propertyOffset, $"property 0x{id:X2} is not allowed in this packet");
            }

            ReadOne(ref reader, properties, (byte)id, propertyOffset);
            if (reader.Offset > end)
            {
                throw reader.ErrorAt("property", propertyOffset, "property value runs past the declared property length");
            }
        }

        return properties;
    }

    public static void Write(MqttBufferWriter writer, MqttProperties? p)
    {
        int mark = writer.BeginLengthPrefixed();
        if (p is not null)
        {
            WriteByte(writer, 0x01, p.PayloadFormatIndicator);
            WriteUInt32(writer, 0x02, p.MessageExpiryInterval);
            WriteString(writer, 0x03, p.ContentType);
            WriteString(writer, 0x08, p.ResponseTopic);
            WriteBinary(writer, 0x09, p.CorrelationData);
            if (p.SubscriptionIdentifiers is { } ids)
            {
                foreach (uint id in ids)
                {
                    writer.WriteByte(0x0B);
                    writer.WriteVariableByteInteger(id);
                }
            }

            WriteUInt32(writer, 0x11, p.SessionExpiryInterval);
            WriteString(writer, 0x12, p.AssignedClientIdentifier);
            WriteUInt16(writer, 0x13, p.ServerKeepAlive);
            WriteString(writer, 0x15, p.AuthenticationMethod);
            WriteBinary(writer, 0x16, p.AuthenticationData);
            WriteByte(writer, 0x17, p.RequestProblemInformation);
            WriteUInt32(writer, 0x18, p.WillDelayInterval);
            WriteByte(writer, 0x19, p.RequestResponseInformation);
            WriteString(writer, 0x1A, p.ResponseInformation);
            WriteString(writer, 0x1C, p.ServerReference);
            WriteString(writer, 0x1F, p.ReasonString);
            WriteUInt16(writer, 0x21, p.ReceiveMaximum);
            WriteUInt16(writer, 0x22, p.TopicAliasMaximum);
            WriteUInt16(writer, 0x23, p.TopicAlias);
            WriteByte(writer, 0x24, p.MaximumQoS);
            WriteByte(writer, 0x25, p.RetainAvailable);
            if (p.UserProperties is { } userProperties)
            {
                foreach (MqttUserProperty property in userProperties)
                {
                    writer.WriteByte(0x26);
                    writer.WriteString(property.Name);
                    writer.WriteString(property.Value);
                }
            }

            WriteUInt32(writer, 0x27, p.MaximumPacketSize);
            WriteByte(writer, 0x28, p.WildcardSubscriptionAvailable);
            WriteByte(writer, 0x29, p.SubscriptionIdentifierAvailable);
            WriteByte(writer, 0x2A, p.SharedSubscriptionAvailable);
        }

        writer.EndLengthPrefixed(mark);
    }

    private static int AllowedIn(uint id) => id switch
    {
        0x01 or 0x02 or 0x03 or 0x08 or 0x09 => Publish | Will,
        0x0B => Publish | Subscribe,
        0x11 => Connect | ConnAck | Disconnect,
        0x12 or 0x13 or 0x1A or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A => ConnAck,
        0x15 or 0x16 => Connect | ConnAck | Auth,
        0x17 or 0x19 => Connect,
        0x18 => Will,
        0x1C => ConnAck | Disconnect,
        0x1F => ConnAck | PubAck | PubRec | PubRel | PubComp | SubAck | UnsubAck | Disconnect | Auth,
        0x21 or 0x22 or 0x27 => Connect | ConnAck,
        0x23 => Publish,
        0x26 => All,
        _ => 0,
    };

    private static void ReadOne(ref MqttSpanReader reader, MqttProperties p, byte id, int offset)
    {
        switch (id)
        {
            case 0x01: p.PayloadFormatIndicator = Once(ref reader, p.PayloadFormatIndicator, ReadBoolByte(ref reader, "payload format indicator"), "payload format indicator", offset); break;
            case 0x02: p.MessageExpiryInterval = Once(ref reader, p.MessageExpiryInterval, reader.ReadUInt32("message expiry interval"), "message expiry interval", offset); break;
            case 0x03: p.ContentType = OnceRef(ref reader, p.ContentType, reader.ReadString("content type"), "content type", offset); break;
            case 0x08: p.ResponseTopic = OnceRef(ref reader, p.ResponseTopic, reader.ReadString("response topic"), "response topic", offset); break;
            case 0x09: p.CorrelationData = OnceRef(ref reader, p.CorrelationData, reader.ReadBinary("correlation data"), "correlation data", offset); break;
            case 0x0B:
                uint subscriptionId = reader.ReadVariableByteInteger("subscription identifier");
                if (subscriptionId == 0)
                {
                    throw reader.ErrorAt("subscription identifier", offset, "subscription identifier 0 is a protocol error");
                }

                (p.SubscriptionIdentifiers ??= []).Add(subscriptionId);
                break;
            case 0x11: p.SessionExpiryInterval = Once(ref reader, p.SessionExpiryInterval, reader.ReadUInt32("session expiry interval"), "session expiry interval", offset); break;
            case 0x12: p.AssignedClientIdentifier = OnceRef(ref reader, p.AssignedClientIdentifier, reader.ReadString("assigned client identifier"), "assigned client identifier", offset); break;
            case 0x13: p.ServerKeepAlive = Once(ref reader, p.ServerKeepAlive, reader.ReadUInt16("server keep alive"), "server keep alive", offset); break;
            case 0x15: p.AuthenticationMethod = OnceRef(ref reader, p.AuthenticationMethod, reader.ReadString("authentication method"), "authentication method", offset); break;
            case 0x16: p.AuthenticationData = OnceRef(ref reader, p.AuthenticationData, reader.ReadBinary("authentication data"), "authentication data", offset); break;
            case 0x17: p.RequestProblemInformation = Once(ref reader, p.RequestProblemInformation, ReadBoolByte(ref reader, "request problem information"), "request problem information", offset); break;
            case 0x18: p.WillDelayInterval = Once(ref reader, p.WillDelayInterval, reader.ReadUInt32("will delay interval"), "will delay interval", offset); break;
            case 0x19: p.RequestResponseInformation = Once(ref reader, p.RequestResponseInformation, ReadBoolByte(ref reader, "request response information"), "request response information", offset); break;
            case 0x1A: p.ResponseInformation = OnceRef(ref reader, p.ResponseInformation, reader.ReadString("response information"), "response information", offset); break;
            case 0x1C: p.ServerReference = OnceRef(ref reader, p.ServerReference, reader.ReadString("server reference"), "server reference", offset); break;
            case 0x1F: p.ReasonString = OnceRef(ref reader, p.ReasonString, reader.ReadString("reason string"), "reason string", offset); break;
            case 0x21:
                ushort receiveMaximum = reader.ReadUInt16("receive maximum");
                if (receiveMaximum == 0)
                {
                    throw reader.ErrorAt("receive maximum", offset, "receive maximum 0 is a protocol error");
                }

                p.ReceiveMaximum = Once(ref reader, p.ReceiveMaximum, receiveMaximum, "receive maximum", offset);
                break;
            case 0x22: p.TopicAliasMaximum = Once(ref reader, p.TopicAliasMaximum, reader.ReadUInt16("topic alias maximum"), "topic alias maximum", offset); break;
            case 0x23:
                ushort alias = reader.ReadUInt16("topic alias");
                if (alias == 0)
                {
                    throw reader.ErrorAt("topic alias", offset, "topic alias 0 is a protocol error");
                }

                p.TopicAlias = Once(ref reader, p.TopicAlias, alias, "topic alias", offset);
                break;
            case 0x24: p.MaximumQoS = Once(ref reader, p.MaximumQoS, ReadBoolByte(ref reader, "maximum QoS"), "maximum QoS", offset); break;
            case 0x25: p.RetainAvailable = Once(ref reader, p.RetainAvailable, ReadBoolByte(ref reader, "retain available"), "retain available", offset); break;
            case 0x26:
                string name = reader.ReadString("user property name");
                string value = reader.ReadString("user property value");
                (p.UserProperties ??= []).Add(new MqttUserProperty(name, value));
                break;
            case 0x27:
                uint maximumPacketSize = reader.ReadUInt32("maximum packet size");
                if (maximumPacketSize == 0)
                {
                    throw reader.ErrorAt("maximum packet size", offset, "maximum packet size 0 is a protocol error");
                }

                p.MaximumPacketSize = Once(ref reader, p.MaximumPacketSize, maximumPacketSize, "maximum packet size", offset);
                break;
            case 0x28: p.WildcardSubscriptionAvailable = Once(ref reader, p.WildcardSubscriptionAvailable, ReadBoolByte(ref reader, "wildcard subscription available"), "wildcard subscription available", offset); break;
            case 0x29: p.SubscriptionIdentifierAvailable = Once(ref reader, p.SubscriptionIdentifierAvailable, ReadBoolByte(ref reader, "subscription identifier available"), "subscription identifier available", offset); break;
            case 0x2A: p.SharedSubscriptionAvailable = Once(ref reader, p.SharedSubscriptionAvailable, ReadBoolByte(ref reader, "shared subscription available"), "shared subscription available", offset); break;
            default: throw reader.ErrorAt("property identifier", offset, $"unknown property identifier 0x{id:X2}");
        }
    }

    // The byte-valued properties of section 2.2.2.2 (payload format, request flags, maximum QoS, availability flags) are all 0 or 1.
    private static byte ReadBoolByte(ref MqttSpanReader reader, string field)
    {
        int offset = reader.Offset;
        byte value = reader.ReadByte(field);
        if (value > 1)
        {
            throw reader.ErrorAt(field, offset, $"expected 0 or 1 but found {value}");
        }

        return value;
    }

    private static T Once<T>(ref MqttSpanReader reader, T? existing, T value, string field, int offset)
        where T : struct
        => existing.HasValue ? throw reader.ErrorAt(field, offset, "property appears more than once") : value;

    private static T OnceRef<T>(ref MqttSpanReader reader, T? existing, T value, string field, int offset)
        where T : class
        => existing is not null ? throw reader.ErrorAt(field, offset, "property appears more than once") : value;

    private static void WriteByte(MqttBufferWriter writer, byte id, byte? value)
    {
        if (value is { } v)
        {
            writer.WriteByte(id);
            writer.WriteByte(v);
        }
    }

    private static void WriteUInt16(MqttBufferWriter writer, byte id, ushort? value)
    {
        if (value is { } v)
        {
            writer.WriteByte(id);
            writer.WriteUInt16(v);
        }
    }

    private static void WriteUInt32(MqttBufferWriter writer, byte id, uint? value)
    {
        if (value is { } v)
        {
            writer.WriteByte(id);
            writer.WriteUInt32(v);
        }
    }

    private static void WriteString(MqttBufferWriter writer, byte id, string? value)
    {
        if (value is not null)
        {
            writer.WriteByte(id);
            writer.WriteString(value);
        }
    }

    private static void WriteBinary(MqttBufferWriter writer, byte id, byte[]? value)
    {
        if (value is not null)
        {
            writer.WriteByte(id);
            writer.WriteBinary(value);
        }
    }
}
