namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>The connection to the broker failed or was lost (network, TLS, timeout, keep-alive, broker DISCONNECT).</summary>
public sealed class MqttCommunicationException : Exception
{
    public MqttCommunicationException()
    {
    }

    public MqttCommunicationException(string message)
        : base(message)
    {
        IsTransient = true;
    }

    public MqttCommunicationException(string message, Exception innerException)
        : base(message, innerException)
    {
        IsTransient = true;
    }

    /// <summary>Creates an exception with an explicit transience.</summary>
    public MqttCommunicationException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>Gets whether retrying can help; false for an untrusted broker certificate.</summary>
    public bool IsTransient { get; }

    /// <summary>Gets the reason code of the broker's DISCONNECT (MQTT 5.0) that ended the connection, or null.</summary>
    public byte? DisconnectReasonCode { get; init; }

    /// <summary>Gets whether the broker closed the connection between packets without saying why.</summary>
    internal bool ClosedByBroker { get; init; }
}
