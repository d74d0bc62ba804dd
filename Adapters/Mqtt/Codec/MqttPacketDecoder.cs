using System.Buffers;
using IntegrationHub.Adapters.Mqtt.Packets;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>
/// Decodes control packets incrementally from a <see cref="ReadOnlySequence{T}"/> (a pipe's buffer). A partial
/// frame returns false and consumes nothing; an oversized frame is refused from its fixed header alone, before any
/// of it is buffered (or, an oversized PUBLISH with <see cref="SkipOversizedPublish"/>, read past: see there);
/// anything malformed throws <see cref="MqttProtocolException"/>.
/// </summary>
internal sealed partial class MqttPacketDecoder
{
    /// <summary>The largest packet MQTT can express: 1 + 4 + 268,435,455 bytes.</summary>
    public const int ProtocolMaximumPacketSize = 268_435_460;

    public MqttPacketDecoder(MqttProtocolVersion version, int maximumPacketSize = ProtocolMaximumPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPacketSize, 2);
        ProtocolVersion = version;
        MaximumPacketSize = maximumPacketSize;
    }

    /// <summary>Gets or sets the version that packets other than CONNECT are read as.</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; }

    /// <summary>Gets or sets the largest whole packet (fixed header included) accepted.</summary>
    public int MaximumPacketSize { get; set; }

    public bool TryDecode(in ReadOnlySequence<byte> buffer, out MqttPacket? packet, out SequencePosition consumed)
    {
        packet = null;
        consumed = buffer.Start;
        if (_skipRemaining > 0)
        {
            return ContinueSkipping(buffer, out packet, out consumed);
        }

        // Fixed header (section 2.1.1): one byte of type and flags, then the remaining length (1-4 bytes).
        Span<byte> header = stackalloc byte[5];
        int available = (int)Math.Min(buffer.Length, header.Length);
        if (available < 2)
        {
            return false;
        }

        buffer.Slice(0, available).CopyTo(header);
        byte first = header[0];
        var type = (MqttPacketType)(first >> 4);
        string name = PacketName(type);
        if (first >> 4 == 0)
        {
            throw new MqttProtocolException("reserved(0)", "packet type", 0, "packet type 0 is reserved");
        }

        int remaining = 0;
        int headerLength = 0;
        for (int i = 1; ; i++)
        {
            if (i >= available)
            {
                return false;
            }

            byte b = header[i];
            remaining |= (b & 0x7F) << (7 * (i - 1));
            if ((b & 0x80) == 0)
            {
                if (i > 1 && b == 0)
                {
                    throw new MqttProtocolException(name, "remaining length", 1, "variable byte integer is not in its shortest form");
                }

                headerLength = i + 1;
                break;
            }

            if (i == 4)
            {
                throw new MqttProtocolException(name, "remaining length", 1, "variable byte integer is longer than 4 bytes");
            }
        }

        long total = (long)headerLength + remaining;
        if (total > MaximumPacketSize)
        {
            if (type == MqttPacketType.Publish && SkipOversizedPublish)
            {
                return TryStartSkipping(buffer, first, headerLength, total, out packet, out consumed);
            }

            throw new MqttProtocolException(name, "remaining length", 1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"packet of {total} bytes exceeds the maximum packet size of {MaximumPacketSize} bytes"))
            {
                // MQTT 5.0 section 3.1.2.11.4: a packet above the announced maximum is answered with DISCONNECT 0x95.
                ReasonCode = 0x95,
            };
        }

        if (buffer.Length < total)
        {
            return false;
        }

        ReadOnlySequence<byte> body = buffer.Slice(headerLength, remaining);
        if (body.IsSingleSegment)
        {
            packet = DecodeBody(first, body.FirstSpan, headerLength);
        }
        else
        {
            byte[] rented = ArrayPool<byte>.Shared.Rent(remaining);
            try
            {
                body.CopyTo(rented);
                packet = DecodeBody(first, rented.AsSpan(0, remaining), headerLength);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        consumed = buffer.GetPosition(total);
        return true;
    }

    public static string PacketName(MqttPacketType type) => type switch
    {
        MqttPacketType.Connect => "CONNECT",
        MqttPacketType.ConnAck => "CONNACK",
        MqttPacketType.Publish => "PUBLISH",
        MqttPacketType.PubAck => "PUBACK",
        MqttPacketType.PubRec => "PUBREC",
        MqttPacketType.PubRel => "PUBREL",
        MqttPacketType.PubComp => "PUBCOMP",
        MqttPacketType.Subscribe => "SUBSCRIBE",
        MqttPacketType.SubAck => "SUBACK",
        MqttPacketType.Unsubscribe => "UNSUBSCRIBE",
        MqttPacketType.UnsubAck => "UNSUBACK",
        MqttPacketType.PingReq => "PINGREQ",
        MqttPacketType.PingResp => "PINGRESP",
        MqttPacketType.Disconnect => "DISCONNECT",
        MqttPacketType.Auth => "AUTH",
        _ => "reserved(0)",
    };

    private MqttPacket DecodeBody(byte first, ReadOnlySpan<byte> body, int headerLength)
    {
        var type = (MqttPacketType)(first >> 4);
        int flags = first & 0x0F;
        var reader = new MqttSpanReader(body, PacketName(type), headerLength);

        // Fixed header flags (section 2.1.3): PUBLISH has its own; PUBREL, SUBSCRIBE and UNSUBSCRIBE must be 0010; the rest 0000.
        int expectedFlags = type is MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe ? 0x02 : 0x00;
        if (type != MqttPacketType.Publish && flags != expectedFlags)
        {
            throw reader.ErrorAt("fixed header flags", 0, $"expected flags 0x{expectedFlags:X} but found 0x{flags:X} [MQTT-2.1.3-1]");
        }

        MqttProtocolVersion version = ProtocolVersion;
        switch (type)
        {
            case MqttPacketType.Connect:
                return ConnectCodec.Decode(ref reader);
            case MqttPacketType.ConnAck:
                return ConnectCodec.Decode(ref reader, version);
            case MqttPacketType.Publish:
                return PublishCodec.Decode((byte)flags, ref reader, version);
            case MqttPacketType.PubAck:
            case MqttPacketType.PubRec:
            case MqttPacketType.PubRel:
            case MqttPacketType.PubComp:
                return AckCodec.Decode(type, ref reader, version);
            case MqttPacketType.Subscribe:
                return SubscribeCodec.Decode(ref reader, version);
            case MqttPacketType.SubAck:
                return SubscribeCodec.DecodeSubAck(ref reader, version);
            case MqttPacketType.Unsubscribe:
                return UnsubscribeCodec.Decode(ref reader, version);
            case MqttPacketType.UnsubAck:
                return UnsubscribeCodec.DecodeUnsubAck(ref reader, version);
            case MqttPacketType.PingReq:
                reader.ExpectEnd("remaining length");
                return PingReqPacket.Instance;
            case MqttPacketType.PingResp:
                reader.ExpectEnd("remaining length");
                return PingRespPacket.Instance;
            case MqttPacketType.Disconnect:
                (byte disconnectCode, MqttProperties? disconnectProperties) = DisconnectCodec.Decode(type, ref reader, version);
                return new DisconnectPacket { ReasonCode = disconnectCode, Properties = disconnectProperties };
            default:
                if (version != MqttProtocolVersion.V500)
                {
                    throw reader.ErrorAt("packet type", 0, "AUTH (15) does not exist in MQTT 3.1.1");
                }

                (byte authCode, MqttProperties? authProperties) = DisconnectCodec.Decode(type, ref reader, version);
                return new AuthPacket { ReasonCode = authCode, Properties = authProperties };
        }
    }
}
