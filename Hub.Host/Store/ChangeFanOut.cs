using System.Collections.Concurrent;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// The in-process half of the change feed, alike for both databases: the subscribers of this node and the notices
/// handed to them. The database's half calls <see cref="Publish"/> (SQLite's store after a commit, PostgreSQL's
/// listener for each notification) and <see cref="SetState"/>.
/// </summary>
internal sealed class ChangeFanOut : IChangeFeed
{
    private readonly ConcurrentDictionary<ChangeSubscription, byte> _subscribers = new();
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private ChangeFeedState _state;
    private DateTimeOffset _since;
    private long _notices;
    private long _reconnects;
    private string? _lastError;

    public ChangeFanOut(TimeProvider time, ChangeFeedState initial = ChangeFeedState.InProcess)
    {
        _time = time;
        _state = initial;
        _since = time.GetUtcNow();
    }

    public ChangeFeedStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new ChangeFeedStatus(_state, _since, _subscribers.Count, Interlocked.Read(ref _notices), _reconnects, _lastError);
            }
        }
    }

    public ChangeSubscription Subscribe(Func<ChangeNotice, bool> interest)
    {
        var subscription = new ChangeSubscription(interest, s => _subscribers.TryRemove(s, out _));
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Hands a committed change to every subscriber interested in it; returns at once.</summary>
    public void Publish(ChangeNotice notice)
    {
        Interlocked.Increment(ref _notices);
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Offer(notice);
        }
    }

    /// <summary>Records the feed's state for <c>/health</c>; a return to listening after a loss counts a reconnect.</summary>
    public void SetState(ChangeFeedState state, string? error = null)
    {
        lock (_gate)
        {
            if (state == ChangeFeedState.Listening && _state == ChangeFeedState.Reconnecting)
            {
                _reconnects++;
            }

            if (state != _state)
            {
                _state = state;
                _since = _time.GetUtcNow();
            }

            _lastError = error ?? _lastError;
        }
    }
}
