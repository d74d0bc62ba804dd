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

    /// <summary>
    /// As <see cref="WaitAsync(TimeSpan, CancellationToken)"/>, the timeout measured by <paramref name="time"/>, so that a
    /// live page's fall-back re-read is tested with a manual clock.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return _signal.Wait(0, CancellationToken.None);
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _signal.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
