namespace IntegrationHub.Adapters.OpcUa.Tests.Support;

/// <summary>
/// A clock with timers that moves only when the test advances it: delays and back-offs taken from a
/// <see cref="TimeProvider"/> then run when the test says, not after real time has passed.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock to the earliest timer due within <paramref name="within"/> and runs it; false when there is none.
    /// Advancing by no more than that leaves the timeouts of requests in flight alone.
    /// </summary>
    public bool AdvanceToNextTimer(TimeSpan within)
    {
        TimeSpan by;
        lock (_gate)
        {
            var next = _timers.Where(t => t.Due is { } d && d <= _now + within).MinBy(t => t.Due);
            if (next is null)
            {
                return false;
            }

            by = next.Due!.Value - _now;
        }

        Advance(by);
        return true;
    }

    /// <summary>Whether a timer is due exactly <paramref name="fromNow"/> from now (a back-off that just began).</summary>
    public bool HasTimerDueIn(TimeSpan fromNow)
    {
        lock (_gate)
        {
            return _timers.Any(t => t.Due == _now + fromNow);
        }
    }

    /// <summary>Moves the clock and runs the callbacks of the timers that fall due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero ? _now + next.Period : null;
                if (next.Due is null)
                {
                    _timers.Remove(next);
                }
            }

            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                if (Due is not null)
                {
                    owner._timers.Add(this);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
                Due = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
