namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>The broker refused the connection in its CONNACK. <see cref="IsTransient"/> tells whether retrying can help.</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException()
    {
    }

    public MqttConnectException(string message)
        : base(message)
    {
    }

    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refusal with the MQTT 5.0 reason code <paramref name="reasonCode"/>.</summary>
    public MqttConnectException(byte reasonCode, string? reasonString)
        : base(MqttReasonCodes.DescribeConnectRefusal(reasonCode, reasonString))
    {
        ReasonCode = reasonCode;
        ReasonString = reasonString;
        IsTransient = MqttReasonCodes.IsTransientConnectRefusal(reasonCode);
    }

    /// <summary>Creates the exception for a refusal with an explanation of its own (such as a 3.1.1 answer to a 5.0 CONNECT).</summary>
    internal MqttConnectException(byte reasonCode, string? reasonString, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
        ReasonString = reasonString;
        IsTransient = MqttReasonCodes.IsTransientConnectRefusal(reasonCode);
    }

    /// <summary>Gets the MQTT 5.0 reason code (3.1.1 return codes are mapped to their 5.0 equivalents).</summary>
    public byte ReasonCode { get; }

    /// <summary>Gets the broker's reason string (5.0), or null.</summary>
    public string? ReasonString { get; }

    /// <summary>Gets whether the refusal may go away by itself (server unavailable or busy), as opposed to bad credentials or configuration.</summary>
    public bool IsTransient { get; }
}
