namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// Raised when bytes received from a peer violate OPC UA Part 6 (malformed encoding, a length over a
/// negotiated limit, an unexpected message type). The message names the type being decoded and the offset.
/// </summary>
public sealed class OpcUaProtocolException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public OpcUaProtocolException()
        : this("OPC UA protocol violation.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OpcUaProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public OpcUaProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a value of <paramref name="typeName"/> that failed to decode at <paramref name="offset"/>.</summary>
    public OpcUaProtocolException(string typeName, long offset, string detail)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Malformed {typeName} at offset {offset}: {detail}"))
    {
        TypeName = typeName;
        Offset = offset;
    }

    /// <summary>The built-in or structured type being decoded when the violation was found, if known.</summary>
    public string? TypeName { get; }

    /// <summary>The byte offset in the decoded buffer where the violation was found, or -1.</summary>
    public long Offset { get; } = -1;

    /// <summary>The status code that describes the violation (Bad_DecodingError unless said otherwise).</summary>
    public StatusCode StatusCode { get; init; } = StatusCodes.BadDecodingError;
}
