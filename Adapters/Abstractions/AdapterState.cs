namespace IntegrationHub.Adapters.Abstractions;

/// <summary>The state an adapter reports on the health endpoint.</summary>
public enum AdapterState
{
    Starting,
    Running,
    Retrying,
    Stopped,
    Faulted,

    /// <summary>Connected and ready, waiting to take the work over from the node holding its lease (issue 18 item 1).</summary>
    Standby,
}
