namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// A structure carried with the NodeId of its encoding (Part 6 5.2.2.15). Structures the client knows are
/// decoded into <see cref="Body"/>; others keep their raw bytes in <see cref="BinaryBody"/>.
/// </summary>
public sealed class ExtensionObject
{
    /// <summary>An ExtensionObject holding a structure that the client can encode.</summary>
    internal ExtensionObject(IEncodeable body)
    {
        TypeId = body.BinaryEncodingId;
        Encoding = ExtensionObjectEncoding.Binary;
        Body = body;
    }

    /// <summary>An ExtensionObject holding raw bytes (or no body when <paramref name="binaryBody"/> is null).</summary>
    public ExtensionObject(NodeId typeId, byte[]? binaryBody)
    {
        ArgumentNullException.ThrowIfNull(typeId);
        TypeId = typeId;
        Encoding = binaryBody is null ? ExtensionObjectEncoding.None : ExtensionObjectEncoding.Binary;
        BinaryBody = binaryBody;
    }

    /// <summary>An ExtensionObject holding an XML body.</summary>
    public ExtensionObject(NodeId typeId, XmlElement xmlBody)
    {
        ArgumentNullException.ThrowIfNull(typeId);
        TypeId = typeId;
        Encoding = ExtensionObjectEncoding.Xml;
        XmlBody = xmlBody;
    }

    /// <summary>The NodeId of the encoding (the DataType's "Default Binary" object for binary bodies).</summary>
    public NodeId TypeId { get; }

    /// <summary>How the body is encoded.</summary>
    public ExtensionObjectEncoding Encoding { get; }

    /// <summary>The decoded structure, when the client knows the type.</summary>
    public object? Body { get; }

    /// <summary>The raw binary body, when the type is unknown to the client.</summary>
    public byte[]? BinaryBody { get; }

    /// <summary>The XML body, for <see cref="ExtensionObjectEncoding.Xml"/>.</summary>
    public XmlElement? XmlBody { get; }

    /// <inheritdoc />
    public override string ToString() => $"ExtensionObject({TypeId}, {Body?.GetType().Name ?? Encoding.ToString()})";
}
