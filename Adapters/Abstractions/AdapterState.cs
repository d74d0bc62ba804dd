namespace IntegrationHub.Adapters.Abstractions;

/// <summary>The state an adapter reports on the health endpoint.</summary>
public enum AdapterState
{
    Starting,
    Running,
    Retrying,
    Stopped,
    Faulted,
}
