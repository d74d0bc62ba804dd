namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// One live page's interest in the change feed. Its buffer is one pending wake-up (a <see cref="WorkSignal"/>): any
/// number of notices between two reads make one re-read, so a page that cannot keep up costs the feed nothing.
/// Dispose it when the page closes.
/// </summary>
internal sealed class ChangeSubscription : IDisposable
{
    private readonly Func<ChangeNotice, bool> _interest;
    private readonly Action<ChangeSubscription> _remove;
    private readonly WorkSignal _signal = new();
    private int _disposed;

    internal ChangeSubscription(Func<ChangeNotice, bool> interest, Action<ChangeSubscription> remove)
    {
        _interest = interest;
        _remove = remove;
    }

    /// <summary>Waits until a notice of interest arrived since the last wait, or the timeout passes; true when woken by a notice.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, time, cancellationToken);

    /// <summary>Called by the feed for every notice; never blocks.</summary>
    internal void Offer(ChangeNotice notice)
    {
        if (notice.Kind == ChangeKind.Everything || _interest(notice))
        {
            _signal.Pulse();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _remove(this);
        }
    }
}
