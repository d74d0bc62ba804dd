namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Wakes a polling worker when there is work, so that an alarm does not wait out a poll interval. Pulses while
/// nobody waits are not lost (the next wait returns at once); many pulses make one wake-up. Local to the process:
/// other hub nodes still find the work on their next poll.
/// </summary>
internal sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Pulse()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another pulse got there first; one wake-up is enough.
        }
    }

    /// <summary>Waits for a pulse or the timeout; true when pulsed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
