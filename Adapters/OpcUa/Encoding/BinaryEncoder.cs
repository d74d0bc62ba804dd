using System.Buffers.Binary;

namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Writes the UA Binary encoding of OPC UA Part 6 5.2: little-endian integers and IEEE floats, Int32
/// length prefixes (-1 for null) on strings, byte strings and arrays.
/// </summary>
internal sealed class BinaryEncoder
{
    // 100 ns ticks between 0001-01-01 and 1601-01-01, the UA DateTime epoch (Part 6 5.2.2.5).
    internal const long EpochTicks = 504911232000000000L;

    private byte[] _buffer;
    private int _position;

    public BinaryEncoder(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public int Position => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    public byte[] ToArray() => WrittenSpan.ToArray();

    private Span<byte> Reserve(int count)
    {
        if (_position + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + count));
        }

        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Overwrites 4 bytes written earlier (used for length fields known only at the end).</summary>
    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(position, 4), value);

    public void WriteBoolean(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteSByte(sbyte value) => Reserve(1)[0] = unchecked((byte)value);

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    // Part 6 5.2.2.4: Int32 byte length, then UTF-8 without terminator; -1 is null.
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        System.Text.Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    // Part 6 5.2.2.5: Int64 count of 100 ns since 1601-01-01 UTC; earlier dates encode as 0, MaxValue as Int64.MaxValue.
    public void WriteDateTime(DateTime value) => WriteInt64(ToUaTicks(value));

    internal static long ToUaTicks(DateTime value)
    {
        if (value == DateTime.MaxValue)
        {
            return long.MaxValue;
        }

        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return utc.Ticks <= EpochTicks ? 0 : utc.Ticks - EpochTicks;
    }

    // Part 6 5.2.2.6: Data1 UInt32, Data2 UInt16, Data3 UInt16 (little-endian), Data4 8 bytes; the layout of Guid.TryWriteBytes.
    public void WriteGuid(Guid value) => value.TryWriteBytes(Reserve(16));

    public void WriteByteString(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        WriteRaw(value);
    }

    public void WriteByteString(byte[]? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteByteString(value.AsSpan());
    }

    public void WriteXmlElement(XmlElement value) => WriteString(value.Xml);

    public void WriteStatusCode(StatusCode value) => WriteUInt32(value.Code);

    // Part 6 5.2.2.9: the smallest of the six NodeId encodings that holds the value.
    public void WriteNodeId(NodeId? value) => WriteNodeId(value ?? NodeId.Null, 0);

    private void WriteNodeId(NodeId value, byte flags)
    {
        switch (value.RawIdentifier)
        {
            case uint n when value.NamespaceIndex == 0 && n <= byte.MaxValue:
                WriteByte((byte)(0x00 | flags)); // Two-byte: encoding byte, identifier Byte
                WriteByte((byte)n);
                break;
            case uint n when value.NamespaceIndex <= byte.MaxValue && n <= ushort.MaxValue:
                WriteByte((byte)(0x01 | flags)); // Four-byte: encoding byte, namespace Byte, identifier UInt16
                WriteByte((byte)value.NamespaceIndex);
                WriteUInt16((ushort)n);
                break;
            case uint n:
                WriteByte((byte)(0x02 | flags)); // Numeric: encoding byte, namespace UInt16, identifier UInt32
                WriteUInt16(value.NamespaceIndex);
                WriteUInt32(n);
                break;
            case string s:
                WriteByte((byte)(0x03 | flags)); // String: encoding byte, namespace UInt16, String
                WriteUInt16(value.NamespaceIndex);
                WriteString(s);
                break;
            case Guid g:
                WriteByte((byte)(0x04 | flags)); // Guid: encoding byte, namespace UInt16, Guid
                WriteUInt16(value.NamespaceIndex);
                WriteGuid(g);
                break;
            case byte[] b:
                WriteByte((byte)(0x05 | flags)); // Opaque: encoding byte, namespace UInt16, ByteString
                WriteUInt16(value.NamespaceIndex);
                WriteByteString(b);
                break;
            default:
                throw new InvalidOperationException("NodeId with an unknown identifier type.");
        }
    }

    // Part 6 5.2.2.10: NodeId with flag 0x80 (NamespaceUri String follows) and 0x40 (ServerIndex UInt32 follows).
    public void WriteExpandedNodeId(ExpandedNodeId? value)
    {
        if (value is null)
        {
            WriteNodeId(NodeId.Null);
            return;
        }

        byte flags = 0;
        if (value.NamespaceUri is not null)
        {
            flags |= 0x80;
        }

        if (value.ServerIndex != 0)
        {
            flags |= 0x40;
        }

        var nodeId = value.NamespaceUri is null ? value.NodeId : value.NodeId.WithNamespace(0);
        WriteNodeId(nodeId, flags);
        if (value.NamespaceUri is not null)
        {
            WriteString(value.NamespaceUri);
        }

        if (value.ServerIndex != 0)
        {
            WriteUInt32(value.ServerIndex);
        }
    }

    // Part 6 5.2.2.13: UInt16 namespace index, String name.
    public void WriteQualifiedName(QualifiedName? value)
    {
        WriteUInt16(value?.NamespaceIndex ?? 0);
        WriteString(value?.Name);
    }

    // Part 6 5.2.2.14: mask (0x01 Locale, 0x02 Text), then the fields present.
    public void WriteLocalizedText(LocalizedText? value)
    {
        byte mask = 0;
        if (value?.Locale is not null)
        {
            mask |= 0x01;
        }

        if (value?.Text is not null)
        {
            mask |= 0x02;
        }

        WriteByte(mask);
        if (value?.Locale is not null)
        {
            WriteString(value.Locale);
        }

        if (value?.Text is not null)
        {
            WriteString(value.Text);
        }
    }

    // Part 6 5.2.2.15: TypeId NodeId, Encoding Byte (0 none, 1 ByteString, 2 XmlElement), body with Int32 length.
    public void WriteExtensionObject(ExtensionObject? value)
    {
        if (value is null)
        {
            WriteNodeId(NodeId.Null);
            WriteByte(0);
            return;
        }

        WriteNodeId(value.TypeId);
        WriteByte((byte)value.Encoding);
        switch (value.Encoding)
        {
            case ExtensionObjectEncoding.Binary when value.Body is IEncodeable body:
                WriteEncodeableBody(body);
                break;
            case ExtensionObjectEncoding.Binary:
                WriteByteString(value.BinaryBody);
                break;
            case ExtensionObjectEncoding.Xml:
                WriteXmlElement(value.XmlBody ?? default);
                break;
        }
    }

    public void WriteExtensionObject(IEncodeable? body)
    {
        if (body is null)
        {
            WriteExtensionObject((ExtensionObject?)null);
            return;
        }

        WriteNodeId(body.BinaryEncodingId);
        WriteByte((byte)ExtensionObjectEncoding.Binary);
        WriteEncodeableBody(body);
    }

    private void WriteEncodeableBody(IEncodeable body)
    {
        var lengthAt = _position;
        WriteInt32(0);
        body.Encode(this);
        PatchUInt32(lengthAt, (uint)(_position - lengthAt - 4));
    }

    // Part 6 5.2.2.17: mask (0x01 Value, 0x02 StatusCode, 0x04 SourceTimestamp, 0x08 ServerTimestamp,
    // 0x10 SourcePicoseconds, 0x20 ServerPicoseconds), then the fields present in that order except that
    // SourcePicoseconds follows SourceTimestamp.
    public void WriteDataValue(DataValue? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        byte mask = 0;
        if (!value.Value.IsNull)
        {
            mask |= 0x01;
        }

        if (value.Status.Code != 0)
        {
            mask |= 0x02;
        }

        if (value.SourceTimestamp is not null)
        {
            mask |= 0x04;
        }

        if (value.ServerTimestamp is not null)
        {
            mask |= 0x08;
        }

        if (value.SourcePicoseconds != 0)
        {
            mask |= 0x10;
        }

        if (value.ServerPicoseconds != 0)
        {
            mask |= 0x20;
        }

        WriteByte(mask);
        if ((mask & 0x01) != 0)
        {
            WriteVariant(value.Value);
        }

        if ((mask & 0x02) != 0)
        {
            WriteStatusCode(value.Status);
        }

        if ((mask & 0x04) != 0)
        {
            WriteDateTime(value.SourceTimestamp!.Value);
        }

        if ((mask & 0x10) != 0)
        {
            WriteUInt16(value.SourcePicoseconds);
        }

        if ((mask & 0x08) != 0)
        {
            WriteDateTime(value.ServerTimestamp!.Value);
        }

        if ((mask & 0x20) != 0)
        {
            WriteUInt16(value.ServerPicoseconds);
        }
    }

    // Part 6 5.2.2.12: mask (0x01 SymbolicId, 0x02 NamespaceUri, 0x04 LocalizedText, 0x08 Locale,
    // 0x10 AdditionalInfo, 0x20 InnerStatusCode, 0x40 InnerDiagnosticInfo); fields in the order
    // SymbolicId, NamespaceUri, Locale, LocalizedText, AdditionalInfo, InnerStatusCode, InnerDiagnosticInfo.
    public void WriteDiagnosticInfo(DiagnosticInfo? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        byte mask = 0;
        mask |= value.SymbolicId is null ? (byte)0 : (byte)0x01;
        mask |= value.NamespaceUri is null ? (byte)0 : (byte)0x02;
        mask |= value.LocalizedText is null ? (byte)0 : (byte)0x04;
        mask |= value.Locale is null ? (byte)0 : (byte)0x08;
        mask |= value.AdditionalInfo is null ? (byte)0 : (byte)0x10;
        mask |= value.InnerStatusCode is null ? (byte)0 : (byte)0x20;
        mask |= value.InnerDiagnosticInfo is null ? (byte)0 : (byte)0x40;
        WriteByte(mask);
        if (value.SymbolicId is { } symbolicId)
        {
            WriteInt32(symbolicId);
        }

        if (value.NamespaceUri is { } namespaceUri)
        {
            WriteInt32(namespaceUri);
        }

        if (value.Locale is { } locale)
        {
            WriteInt32(locale);
        }

        if (value.LocalizedText is { } localizedText)
        {
            WriteInt32(localizedText);
        }

        if (value.AdditionalInfo is not null)
        {
            WriteString(value.AdditionalInfo);
        }

        if (value.InnerStatusCode is { } inner)
        {
            WriteStatusCode(inner);
        }

        if (value.InnerDiagnosticInfo is not null)
        {
            WriteDiagnosticInfo(value.InnerDiagnosticInfo);
        }
    }

    // Part 6 5.2.2.16: encoding byte (bits 0-5 type id, 0x40 dimensions present, 0x80 array), then the value
    // or Int32 length + elements, then for a matrix the Int32 array of dimensions.
    public void WriteVariant(Variant value)
    {
        if (value.IsNull)
        {
            WriteByte(0);
            return;
        }

        var typeId = (byte)value.Type;
        if (!value.IsArray)
        {
            WriteByte(typeId);
            WriteScalar(value.Type, value.Value);
            return;
        }

        var dims = value.RawDimensions;
        WriteByte((byte)(typeId | 0x80 | (dims is null ? 0 : 0x40)));
        var array = (Array)value.Value!;
        WriteInt32(array.Length);
        foreach (var element in array)
        {
            WriteScalar(value.Type, element);
        }

        if (dims is not null)
        {
            WriteInt32(dims.Length);
            foreach (var d in dims)
            {
                WriteInt32(d);
            }
        }
    }

    private void WriteScalar(BuiltInType type, object? value)
    {
        switch (type)
        {
            case BuiltInType.Boolean: WriteBoolean((bool)value!); break;
            case BuiltInType.SByte: WriteSByte((sbyte)value!); break;
            case BuiltInType.Byte: WriteByte((byte)value!); break;
            case BuiltInType.Int16: WriteInt16((short)value!); break;
            case BuiltInType.UInt16: WriteUInt16((ushort)value!); break;
            case BuiltInType.Int32: WriteInt32((int)value!); break;
            case BuiltInType.UInt32: WriteUInt32((uint)value!); break;
            case BuiltInType.Int64: WriteInt64((long)value!); break;
            case BuiltInType.UInt64: WriteUInt64((ulong)value!); break;
            case BuiltInType.Float: WriteFloat((float)value!); break;
            case BuiltInType.Double: WriteDouble((double)value!); break;
            case BuiltInType.String: WriteString((string?)value); break;
            case BuiltInType.DateTime: WriteDateTime((DateTime)value!); break;
            case BuiltInType.Guid: WriteGuid((Guid)value!); break;
            case BuiltInType.ByteString: WriteByteString((byte[]?)value); break;
            case BuiltInType.XmlElement: WriteXmlElement((XmlElement)value!); break;
            case BuiltInType.NodeId: WriteNodeId((NodeId?)value); break;
            case BuiltInType.ExpandedNodeId: WriteExpandedNodeId((ExpandedNodeId?)value); break;
            case BuiltInType.StatusCode: WriteStatusCode((StatusCode)value!); break;
            case BuiltInType.QualifiedName: WriteQualifiedName((QualifiedName?)value); break;
            case BuiltInType.LocalizedText: WriteLocalizedText((LocalizedText?)value); break;
            case BuiltInType.ExtensionObject: WriteExtensionObject((ExtensionObject?)value); break;
            case BuiltInType.DataValue: WriteDataValue((DataValue?)value); break;
            case BuiltInType.Variant: WriteVariant((Variant)value!); break;
            case BuiltInType.DiagnosticInfo: WriteDiagnosticInfo((DiagnosticInfo?)value); break;
            default: throw new InvalidOperationException($"Cannot encode built-in type {type}.");
        }
    }

    /// <summary>Part 6 5.2.5: Int32 length (-1 for null), then the elements.</summary>
    public void WriteArray<T>(IReadOnlyList<T>? values, Action<BinaryEncoder, T> writeElement)
    {
        if (values is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            writeElement(this, values[i]);
        }
    }

    public void WriteEncodeable(IEncodeable value) => value.Encode(this);
}
