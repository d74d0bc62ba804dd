namespace IntegrationHub.Adapters.Abstractions;

/// <summary>An adapter that runs until stopped, retries its own failures, and reports its state on <c>/health</c>.</summary>
public interface IRunningAdapter : IAdapterStatusSource
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; returns then, without throwing.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
