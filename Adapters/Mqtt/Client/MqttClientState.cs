namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>Connection state for health reporting.</summary>
public enum MqttClientState
{
    /// <summary>Not connected, and not trying: never started, stopped, or refused for a non-transient reason.</summary>
    Disconnected,

    /// <summary>The first connection attempt is under way.</summary>
    Connecting,

    /// <summary>Connected to the broker.</summary>
    Connected,

    /// <summary>The connection was lost; reconnecting with backoff.</summary>
    Retrying,
}
