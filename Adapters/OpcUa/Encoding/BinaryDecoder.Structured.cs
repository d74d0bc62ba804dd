namespace IntegrationHub.Adapters.OpcUa.Encoding;

// The recursive built-in types: ExtensionObject, DataValue, DiagnosticInfo and Variant (Part 6 5.2.2.12-17).
internal sealed partial class BinaryDecoder
{
    public ExtensionObject? ReadExtensionObject()
    {
        var start = _position;
        var typeId = ReadNodeId();
        var encodingAt = _position;
        var encoding = ReadByte();
        switch (encoding)
        {
            case 0:
                return typeId.IsNull ? null : new ExtensionObject(typeId, (byte[]?)null);
            case 1:
                {
                    var length = ReadLength("ExtensionObject", Limits.MaxByteStringLength, 1);
                    if (length < 0)
                    {
                        return new ExtensionObject(typeId, (byte[]?)null);
                    }

                    var bodyStart = _position;
                    var body = ReadRaw(length, "ExtensionObject");
                    if (typeId.NamespaceIndex == 0 && typeId.RawIdentifier is uint id && KnownTypes.TryGetDecoder(id, out var decode))
                    {
                        Enter("ExtensionObject");
                        try
                        {
                            var inner = new BinaryDecoder(body, Limits, _baseOffset + bodyStart) { _depth = _depth };
                            var value = decode(inner);
                            inner.EnsureEnd(value.GetType().Name);
                            return new ExtensionObject(value);
                        }
                        finally
                        {
                            Leave();
                        }
                    }

                    return new ExtensionObject(typeId, body.ToArray());
                }

            case 2:
                return new ExtensionObject(typeId, ReadXmlElement());
            default:
                _position = encodingAt;
                throw new OpcUaProtocolException("ExtensionObject", _baseOffset + encodingAt, $"unknown body encoding {encoding} (type {typeId}, starting at {_baseOffset + start})");
        }
    }

    public DataValue ReadDataValue()
    {
        var start = _position;
        var mask = ReadByte();
        if ((mask & 0xC0) != 0)
        {
            _position = start;
            throw Error("DataValue", $"unknown encoding mask bits 0x{mask:X2}");
        }

        Enter("DataValue");
        try
        {
            var value = (mask & 0x01) != 0 ? ReadVariant() : Variant.Null;
            var status = (mask & 0x02) != 0 ? ReadStatusCode() : default;
            DateTime? sourceTimestamp = (mask & 0x04) != 0 ? ReadDateTime() : null;
            var sourcePico = (mask & 0x10) != 0 ? ReadUInt16() : (ushort)0;
            DateTime? serverTimestamp = (mask & 0x08) != 0 ? ReadDateTime() : null;
            var serverPico = (mask & 0x20) != 0 ? ReadUInt16() : (ushort)0;
            return new DataValue
            {
                Value = value,
                Status = status,
                SourceTimestamp = sourceTimestamp,
                SourcePicoseconds = sourcePico,
                ServerTimestamp = serverTimestamp,
                ServerPicoseconds = serverPico,
            };
        }
        finally
        {
            Leave();
        }
    }

    public DiagnosticInfo ReadDiagnosticInfo()
    {
        var start = _position;
        var mask = ReadByte();
        if ((mask & 0x80) != 0)
        {
            _position = start;
            throw Error("DiagnosticInfo", $"unknown encoding mask bits 0x{mask:X2}");
        }

        Enter("DiagnosticInfo");
        try
        {
            int? symbolicId = (mask & 0x01) != 0 ? ReadInt32() : null;
            int? namespaceUri = (mask & 0x02) != 0 ? ReadInt32() : null;
            int? locale = (mask & 0x08) != 0 ? ReadInt32() : null;
            int? localizedText = (mask & 0x04) != 0 ? ReadInt32() : null;
            var additionalInfo = (mask & 0x10) != 0 ? ReadString("DiagnosticInfo") : null;
            StatusCode? inner = (mask & 0x20) != 0 ? ReadStatusCode() : null;
            var innerInfo = (mask & 0x40) != 0 ? ReadDiagnosticInfo() : null;
            return new DiagnosticInfo
            {
                SymbolicId = symbolicId,
                NamespaceUri = namespaceUri,
                Locale = locale,
                LocalizedText = localizedText,
                AdditionalInfo = additionalInfo,
                InnerStatusCode = inner,
                InnerDiagnosticInfo = innerInfo,
            };
        }
        finally
        {
            Leave();
        }
    }

    public Variant ReadVariant()
    {
        var start = _position;
        var encoding = ReadByte();
        var typeId = encoding & 0x3F;
        if (typeId > (int)BuiltInType.DiagnosticInfo)
        {
            _position = start;
            throw Error("Variant", $"unknown built-in type id {typeId}");
        }

        var type = (BuiltInType)typeId;
        var isArray = (encoding & 0x80) != 0;
        var hasDimensions = (encoding & 0x40) != 0;
        if (type == BuiltInType.Null)
        {
            if (encoding != 0)
            {
                _position = start;
                throw Error("Variant", $"encoding byte 0x{encoding:X2} has array flags on a null value");
            }

            return Variant.Null;
        }

        if (hasDimensions && !isArray)
        {
            _position = start;
            throw Error("Variant", $"encoding byte 0x{encoding:X2} has dimensions without an array");
        }

        if (!isArray && type == BuiltInType.Variant)
        {
            _position = start;
            throw Error("Variant", "a scalar Variant cannot contain a Variant");
        }

        Enter("Variant");
        try
        {
            if (!isArray)
            {
                return new Variant(type, ReadScalar(type));
            }

            var arrayAt = _position;
            var length = ReadLength("Variant array of " + type, Limits.MaxArrayLength, MinEncodedSize(type));
            if (length < 0)
            {
                // A null array: kept as an empty one (the Variant has no separate null-array state).
                length = 0;
            }

            var array = Array.CreateInstance(Variant.ElementTypeOf(type), length);
            for (var i = 0; i < length; i++)
            {
                array.SetValue(ReadScalar(type), i);
            }

            int[]? dims = null;
            if (hasDimensions)
            {
                dims = ReadArrayOrEmpty("Variant dimensions", d => d.ReadInt32(), 4);
                long product = 1;
                foreach (var d in dims)
                {
                    if (d < 0)
                    {
                        throw Error("Variant", $"negative matrix dimension {d}");
                    }

                    product = Math.Min(product * d, long.MaxValue / 2);
                }

                if (dims.Length < 2 || product != length)
                {
                    throw new OpcUaProtocolException("Variant", _baseOffset + arrayAt, $"matrix dimensions [{string.Join(",", dims)}] do not match {length} elements");
                }
            }

            return new Variant(type, array, dims);
        }
        finally
        {
            Leave();
        }
    }

    private static int MinEncodedSize(BuiltInType type) => type switch
    {
        BuiltInType.Int16 or BuiltInType.UInt16 => 2,
        BuiltInType.Int32 or BuiltInType.UInt32 or BuiltInType.Float or BuiltInType.StatusCode
            or BuiltInType.String or BuiltInType.ByteString or BuiltInType.XmlElement => 4,
        BuiltInType.Int64 or BuiltInType.UInt64 or BuiltInType.Double or BuiltInType.DateTime => 8,
        BuiltInType.Guid => 16,
        BuiltInType.NodeId or BuiltInType.ExpandedNodeId or BuiltInType.QualifiedName => 2,
        BuiltInType.ExtensionObject => 3,
        _ => 1,
    };

    private object? ReadScalar(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => ReadBoolean(),
        BuiltInType.SByte => ReadSByte(),
        BuiltInType.Byte => ReadByte(),
        BuiltInType.Int16 => ReadInt16(),
        BuiltInType.UInt16 => ReadUInt16(),
        BuiltInType.Int32 => ReadInt32(),
        BuiltInType.UInt32 => ReadUInt32(),
        BuiltInType.Int64 => ReadInt64(),
        BuiltInType.UInt64 => ReadUInt64(),
        BuiltInType.Float => ReadFloat(),
        BuiltInType.Double => ReadDouble(),
        BuiltInType.String => ReadString("String"),
        BuiltInType.DateTime => ReadDateTime(),
        BuiltInType.Guid => ReadGuid(),
        BuiltInType.ByteString => ReadByteString(),
        BuiltInType.XmlElement => ReadXmlElement(),
        BuiltInType.NodeId => ReadNodeId(),
        BuiltInType.ExpandedNodeId => ReadExpandedNodeId(),
        BuiltInType.StatusCode => ReadStatusCode(),
        BuiltInType.QualifiedName => ReadQualifiedName(),
        BuiltInType.LocalizedText => ReadLocalizedText(),
        BuiltInType.ExtensionObject => ReadExtensionObject(),
        BuiltInType.DataValue => ReadDataValue(),
        BuiltInType.Variant => ReadVariant(),
        BuiltInType.DiagnosticInfo => ReadDiagnosticInfo(),
        _ => throw Error("Variant", $"cannot decode built-in type {type}"),
    };
}
