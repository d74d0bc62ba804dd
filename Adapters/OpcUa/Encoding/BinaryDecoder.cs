using System.Buffers.Binary;
using System.Text;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Reads the UA Binary encoding of OPC UA Part 6 5.2 from a bounded buffer. Every length is checked against
/// <see cref="EncodingLimits"/> and against the bytes left before anything is allocated, and nesting is
/// bounded, so malformed input ends in an <see cref="OpcUaProtocolException"/> naming the type and offset.
/// </summary>
internal sealed partial class BinaryDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly long _baseOffset;
    private int _position;
    private int _depth;

    public BinaryDecoder(ReadOnlyMemory<byte> buffer, EncodingLimits? limits = null, long baseOffset = 0)
    {
        _buffer = buffer;
        Limits = limits ?? EncodingLimits.Default;
        _baseOffset = baseOffset;
    }

    public EncodingLimits Limits { get; }

    public int Position => _position;

    public int Remaining => _buffer.Length - _position;

    public OpcUaProtocolException Error(string typeName, string detail) => new(typeName, _baseOffset + _position, detail);

    private ReadOnlySpan<byte> Take(int count, string typeName)
    {
        if (count > Remaining)
        {
            throw Error(typeName, $"needs {count} bytes but only {Remaining} are left");
        }

        var span = _buffer.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    public ReadOnlyMemory<byte> ReadRaw(int count, string typeName = "Bytes")
    {
        if (count < 0 || count > Remaining)
        {
            throw Error(typeName, $"needs {count} bytes but only {Remaining} are left");
        }

        var memory = _buffer.Slice(_position, count);
        _position += count;
        return memory;
    }

    public void EnsureEnd(string typeName)
    {
        if (Remaining != 0)
        {
            throw Error(typeName, $"{Remaining} unexpected bytes after the end");
        }
    }

    public bool ReadBoolean() => Take(1, "Boolean")[0] != 0;

    public sbyte ReadSByte() => unchecked((sbyte)Take(1, "SByte")[0]);

    public byte ReadByte() => Take(1, "Byte")[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2, "Int16"));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, "UInt16"));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4, "Int32"));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "UInt32"));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8, "Int64"));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "UInt64"));

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "Float"));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "Double"));

    // Reads an Int32 length prefix: -1 is null, other negatives and lengths over the limit or the bytes left are errors.
    private int ReadLength(string typeName, int limit, int minBytesPerElement)
    {
        var start = _position;
        var length = ReadInt32();
        if (length == -1)
        {
            return -1;
        }

        if (length < -1)
        {
            _position = start;
            throw Error(typeName, $"negative length {length}");
        }

        if (length > limit)
        {
            _position = start;
            throw new OpcUaProtocolException(typeName, _baseOffset + start, $"length {length} exceeds the limit of {limit}")
            {
                StatusCode = StatusCodes.BadEncodingLimitsExceeded,
            };
        }

        if ((long)length * minBytesPerElement > Remaining)
        {
            _position = start;
            throw Error(typeName, $"length {length} needs at least {(long)length * minBytesPerElement} bytes but only {Remaining - 4} are left");
        }

        return length;
    }

    public string? ReadString() => ReadString("String");

    private string? ReadString(string typeName)
    {
        var start = _position;
        var length = ReadLength(typeName, Limits.MaxStringLength, 1);
        if (length < 0)
        {
            return null;
        }

        var bytes = Take(length, typeName);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new OpcUaProtocolException(typeName, _baseOffset + start, "invalid UTF-8");
        }
    }

    public DateTime ReadDateTime()
    {
        var ticks = ReadInt64();
        if (ticks <= 0)
        {
            return DateTime.MinValue;
        }

        return ticks >= DateTime.MaxValue.Ticks - BinaryEncoder.EpochTicks
            ? DateTime.MaxValue
            : new DateTime(ticks + BinaryEncoder.EpochTicks, DateTimeKind.Utc);
    }

    public Guid ReadGuid() => new(Take(16, "Guid"));

    public byte[]? ReadByteString()
    {
        var length = ReadLength("ByteString", Limits.MaxByteStringLength, 1);
        return length < 0 ? null : Take(length, "ByteString").ToArray();
    }

    public XmlElement ReadXmlElement() => new(ReadString("XmlElement"));

    public StatusCode ReadStatusCode() => new(ReadUInt32());

    public NodeId ReadNodeId()
    {
        var start = _position;
        var encoding = ReadByte();
        if ((encoding & 0xC0) != 0)
        {
            _position = start;
            throw Error("NodeId", $"encoding byte 0x{encoding:X2} has ExpandedNodeId flags");
        }

        return ReadNodeIdBody(encoding, start, "NodeId");
    }

    private NodeId ReadNodeIdBody(byte encoding, int start, string typeName)
    {
        switch (encoding & 0x3F)
        {
            case 0x00:
                return new NodeId(ReadByte());
            case 0x01:
                {
                    var ns = ReadByte();
                    return new NodeId(ReadUInt16(), ns);
                }

            case 0x02:
                {
                    var ns = ReadUInt16();
                    return new NodeId(ReadUInt32(), ns);
                }

            case 0x03:
                {
                    var ns = ReadUInt16();
                    return new NodeId(ReadString(typeName) ?? string.Empty, ns);
                }

            case 0x04:
                {
                    var ns = ReadUInt16();
                    return new NodeId(ReadGuid(), ns);
                }

            case 0x05:
                {
                    var ns = ReadUInt16();
                    return new NodeId(ReadByteString() ?? [], ns);
                }

            default:
                _position = start;
                throw Error(typeName, $"unknown encoding byte 0x{encoding:X2}");
        }
    }

    public ExpandedNodeId ReadExpandedNodeId()
    {
        var start = _position;
        var encoding = ReadByte();
        var nodeId = ReadNodeIdBody(encoding, start, "ExpandedNodeId");
        var uri = (encoding & 0x80) != 0 ? ReadString("ExpandedNodeId") : null;
        var server = (encoding & 0x40) != 0 ? ReadUInt32() : 0;
        return new ExpandedNodeId(nodeId, uri, server);
    }

    public QualifiedName ReadQualifiedName()
    {
        var ns = ReadUInt16();
        return new QualifiedName(ns, ReadString("QualifiedName"));
    }

    public LocalizedText ReadLocalizedText()
    {
        var start = _position;
        var mask = ReadByte();
        if ((mask & ~0x03) != 0)
        {
            _position = start;
            throw Error("LocalizedText", $"unknown encoding mask bits 0x{mask:X2}");
        }

        var locale = (mask & 0x01) != 0 ? ReadString("LocalizedText") : null;
        var text = (mask & 0x02) != 0 ? ReadString("LocalizedText") : null;
        return new LocalizedText(locale, text);
    }

    public T[]? ReadArray<T>(string typeName, Func<BinaryDecoder, T> readElement, int minBytesPerElement = 1)
    {
        var length = ReadLength(typeName + "[]", Limits.MaxArrayLength, minBytesPerElement);
        if (length < 0)
        {
            return null;
        }

        var result = new T[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = readElement(this);
        }

        return result;
    }

    /// <summary>Like <see cref="ReadArray{T}"/> but returns an empty array for a null array.</summary>
    public T[] ReadArrayOrEmpty<T>(string typeName, Func<BinaryDecoder, T> readElement, int minBytesPerElement = 1)
        => ReadArray(typeName, readElement, minBytesPerElement) ?? [];

    private void Enter(string typeName)
    {
        if (++_depth > Limits.MaxNestingDepth)
        {
            _depth = 0;
            throw new OpcUaProtocolException(typeName, _baseOffset + _position, $"nesting deeper than {Limits.MaxNestingDepth}")
            {
                StatusCode = StatusCodes.BadEncodingLimitsExceeded,
            };
        }
    }

    private void Leave() => _depth--;
}
