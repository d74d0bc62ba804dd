namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>The kind of identifier of a <see cref="NodeId"/> (Part 3 8.2.3).</summary>
public enum IdType
{
    /// <summary>UInt32 identifier (<c>i=</c>).</summary>
    Numeric,
    /// <summary>String identifier (<c>s=</c>).</summary>
    String,
    /// <summary>GUID identifier (<c>g=</c>).</summary>
    Guid,
    /// <summary>ByteString identifier (<c>b=</c>, base64).</summary>
    Opaque,
}
