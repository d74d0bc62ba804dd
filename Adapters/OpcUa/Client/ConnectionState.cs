namespace IntegrationHub.Adapters.OpcUa.Client;

/// <summary>The state of an <see cref="OpcUaClient"/>'s connection, for health reporting.</summary>
public enum ConnectionState
{
    /// <summary>Connected with an active session.</summary>
    Connected,
    /// <summary>The connection was lost; reconnecting with backoff.</summary>
    Reconnecting,
    /// <summary>Closed by the application.</summary>
    Closed,
}
