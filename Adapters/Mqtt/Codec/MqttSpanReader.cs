using System.Buffers.Binary;
using System.Text;

namespace IntegrationHub.Adapters.Mqtt.Codec;

/// <summary>
/// Reads the data types of MQTT 5.0 section 1.5 from one complete packet body. Every failure throws
/// <see cref="MqttProtocolException"/> naming the packet, the field and the offset from the packet's first byte.
/// </summary>
internal ref struct MqttSpanReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _span;
    private readonly int _baseOffset;
    private int _position;

    public MqttSpanReader(ReadOnlySpan<byte> span, string packet, int baseOffset)
    {
        _span = span;
        Packet = packet;
        _baseOffset = baseOffset;
    }

    public string Packet { get; }

    public readonly int Remaining => _span.Length - _position;

    public readonly int Offset => _baseOffset + _position;

    public readonly MqttProtocolException Error(string field, string problem) => new(Packet, field, Offset, problem);

    public readonly MqttProtocolException ErrorAt(string field, int offset, string problem) => new(Packet, field, offset, problem);

    public byte ReadByte(string field)
    {
        Need(field, 1);
        return _span[_position++];
    }

    // Two Byte Integer, big-endian (section 1.5.2).
    public ushort ReadUInt16(string field)
    {
        Need(field, 2);
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    // Four Byte Integer, big-endian (section 1.5.3).
    public uint ReadUInt32(string field)
    {
        Need(field, 4);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    // Variable Byte Integer (section 1.5.5): 7 bits per byte, least significant first, at most 4 bytes,
    // and the encoding must use the minimum number of bytes [MQTT-1.5.5-1].
    public uint ReadVariableByteInteger(string field)
    {
        int start = Offset;
        uint value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (Remaining == 0)
            {
                throw ErrorAt(field, start, "the packet ends inside a variable byte integer");
            }

            byte b = _span[_position++];
            value |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (i > 0 && b == 0)
                {
                    throw ErrorAt(field, start, "variable byte integer is not in its shortest form");
                }

                return value;
            }
        }

        throw ErrorAt(field, start, "variable byte integer is longer than 4 bytes");
    }

    // UTF-8 Encoded String (section 1.5.4): 2-byte length, well-formed UTF-8, no U+0000, no surrogates [MQTT-1.5.4-1/2].
    public string ReadString(string field)
    {
        int start = Offset;
        ushort length = ReadUInt16(field);
        NeedFrom(field, start, length);
        ReadOnlySpan<byte> bytes = _span.Slice(_position, length);
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw ErrorAt(field, start, "UTF-8 string contains U+0000");
        }

        string value;
        try
        {
            value = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw ErrorAt(field, start, "string is not well-formed UTF-8");
        }

        _position += length;
        return value;
    }

    // Binary Data (section 1.5.6): 2-byte length then that many bytes.
    public byte[] ReadBinary(string field)
    {
        int start = Offset;
        ushort length = ReadUInt16(field);
        NeedFrom(field, start, length);
        byte[] value = _span.Slice(_position, length).ToArray();
        _position += length;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(string field, int count)
    {
        Need(field, count);
        ReadOnlySpan<byte> value = _span.Slice(_position, count);
        _position += count;
        return value;
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        ReadOnlySpan<byte> value = _span[_position..];
        _position = _span.Length;
        return value;
    }

    public readonly void ExpectEnd(string field)
    {
        if (Remaining != 0)
        {
            throw Error(field, $"{Remaining} unexpected trailing byte(s)");
        }
    }

    private readonly void NeedFrom(string field, int start, int count)
    {
        if (Remaining < count)
        {
            throw ErrorAt(field, start, $"declared length {count} but the packet has only {Remaining} byte(s) left");
        }
    }

    private readonly void Need(string field, int count)
    {
        if (Remaining < count)
        {
            throw Error(field, $"expected {count} byte(s) but the packet has only {Remaining} left");
        }
    }
}
