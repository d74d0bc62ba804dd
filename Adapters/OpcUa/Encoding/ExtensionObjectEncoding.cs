namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>How the body of an <see cref="ExtensionObject"/> is encoded (Part 6 5.2.2.15, the Encoding byte).</summary>
public enum ExtensionObjectEncoding : byte
{
    /// <summary>No body.</summary>
    None = 0,
    /// <summary>A ByteString with the UA Binary encoding of the structure.</summary>
    Binary = 1,
    /// <summary>An XmlElement.</summary>
    Xml = 2,
}
