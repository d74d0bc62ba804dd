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
}
