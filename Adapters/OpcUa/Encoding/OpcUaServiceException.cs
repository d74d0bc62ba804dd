namespace IntegrationHub.Adapters.OpcUa.Encoding;

/// <summary>
/// A request failed with a StatusCode: a Bad service result, a ServiceFault, a transport Error message, a timeout
/// or a lost connection. <see cref="IsTransient"/> tells whether reconnecting and retrying can help.
/// </summary>
public sealed class OpcUaServiceException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public OpcUaServiceException()
        : this(new StatusCode(0x80000000), "OPC UA request failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public OpcUaServiceException(string message)
        : this(new StatusCode(0x80000000), message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public OpcUaServiceException(string message, Exception innerException)
        : this(new StatusCode(0x80000000), message, innerException)
    {
    }

    /// <summary>Creates an exception for <paramref name="statusCode"/>.</summary>
    public OpcUaServiceException(StatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The status that describes the failure.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>True when the failure comes from the connection, the channel or the session and a reconnect may cure it.</summary>
    public bool IsTransient => (StatusCode.Code & 0xFFFF0000) switch
    {
        0x800A0000 => true, // BadTimeout
        0x80050000 => true, // BadCommunicationError
        0x800D0000 => true, // BadServerNotConnected
        0x800E0000 => true, // BadServerHalted
        0x800C0000 => true, // BadShutdown
        0x80220000 => true, // BadSecureChannelIdInvalid
        0x80860000 => true, // BadSecureChannelClosed
        0x807F0000 => true, // BadTcpSecureChannelUnknown
        0x80250000 => true, // BadSessionIdInvalid
        0x80260000 => true, // BadSessionClosed
        0x80270000 => true, // BadSessionNotActivated
        0x80EE0000 => true, // BadServerTooBusy
        0x807D0000 => true, // BadTcpServerTooBusy
        0x80AE0000 => true, // BadConnectionClosed
        0x80AD0000 => true, // BadConnectionRejected
        _ => false,
    };
}
