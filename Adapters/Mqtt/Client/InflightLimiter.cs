namespace IntegrationHub.Adapters.Mqtt.Client;

/// <summary>
/// Counts our unacknowledged QoS 1/2 publications against a limit that the broker's Receive Maximum can change at
/// each CONNACK (MQTT 5.0 section 4.9). Waiters are served first come, first served.
/// </summary>
internal sealed class InflightLimiter
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _limit;
    private int _used;

    public InflightLimiter(int limit) => _limit = limit;

    public int Used
    {
        get
        {
            lock (_lock)
            {
                return _used;
            }
        }
    }

    public void SetLimit(int limit)
    {
        lock (_lock)
        {
            _limit = Math.Max(1, limit);
            WakeLocked();
        }
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_used < _limit && _waiters.Count == 0)
            {
                _used++;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        using (cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                    waiter.TrySetCanceled(cancellationToken);
                }
            }
        }))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Counts a publication restored from a session store, even beyond the limit (it is already in flight).</summary>
    public void ForceAcquire()
    {
        lock (_lock)
        {
            _used++;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _used = Math.Max(0, _used - 1);
            WakeLocked();
        }
    }

    private void WakeLocked()
    {
        while (_used < _limit && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _used++;
            first.Value.TrySetResult();
        }
    }
}
