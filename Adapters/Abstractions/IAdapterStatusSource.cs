namespace IntegrationHub.Adapters.Abstractions;

/// <summary>Implemented by every adapter, so that the host can report its state.</summary>
public interface IAdapterStatusSource
{
    /// <summary>A consistent snapshot of the adapter's current state.</summary>
    AdapterStatus GetStatus();
}
