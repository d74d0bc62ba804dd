namespace IntegrationHub.Adapters.Mqtt;

/// <summary>
/// A peer sent bytes that violate the MQTT specification (a malformed packet or a protocol error).
/// The connection is closed when it is raised; the message names the packet, the field and the byte offset.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    public MqttProtocolException()
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public MqttProtocolException(string message)
        : base(message)
    {
        ReasonCode = ProtocolError;
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = ProtocolError;
    }

    /// <summary>Creates an exception that names the packet, the field and the offset of the violation.</summary>
    /// <param name="packet">The packet type name, for example "PUBLISH".</param>
    /// <param name="field">The field being decoded, for example "topic name".</param>
    /// <param name="offset">The byte offset from the first byte of the packet.</param>
    /// <param name="problem">What was expected and what arrived.</param>
    public MqttProtocolException(string packet, string field, long offset, string problem)
        : base(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Malformed MQTT {packet} packet: {field} at offset {offset}: {problem}"))
    {
        Packet = packet;
        Field = field;
        Offset = offset;
        ReasonCode = MalformedPacket;
    }

    /// <summary>Gets the packet type name, when known.</summary>
    public string? Packet { get; }

    /// <summary>Gets the field that failed to decode, when known.</summary>
    public string? Field { get; }

    /// <summary>Gets the byte offset from the start of the packet, or -1 when unknown.</summary>
    public long Offset { get; } = -1;

    /// <summary>
    /// Gets the MQTT 5.0 reason code the client sends in its DISCONNECT before closing (section 4.13): 0x81 malformed
    /// packet for a decoding failure, 0x82 protocol error by default, or a more precise one such as 0x94 topic alias
    /// invalid or 0x95 packet too large.
    /// </summary>
    public byte ReasonCode { get; init; } = ProtocolError;

    private const byte MalformedPacket = 0x81;
    private const byte ProtocolError = 0x82;
}
