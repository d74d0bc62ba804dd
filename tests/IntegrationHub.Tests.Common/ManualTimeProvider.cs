using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Tests.Common;

/// <summary>
/// The tests' one manual clock: <see cref="FakeTimeProvider"/> (time moves only on <see cref="FakeTimeProvider.Advance"/>,
/// which fires the timers that fall due, earliest first, on the calling thread; no auto-advance), plus what tests of
/// keep-alives and back-offs need to see of its timers: how many were created, when the next one is due.
/// </summary>
/// <remarks>
/// While <see cref="FakeTimeProvider.Advance"/> fires timers, the clock already reads the end of the step, not each
/// timer's due time; tests that care move it no further than the next timer (<see cref="AdvanceToNextTimer"/>).
/// </remarks>
public sealed class ManualTimeProvider : FakeTimeProvider
{
    /// <summary>Where the clock starts unless told otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly HashSet<TrackedTimer> _armed = [];
    private int _created;

    /// <summary>A clock at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>How many timers were created (Task.Delay, timeouts): a loop that re-armed its delay shows here.</summary>
    public int TimersCreated => Volatile.Read(ref _created);

    /// <summary>How far the clock was moved since it started.</summary>
    public TimeSpan Elapsed => GetUtcNow() - Start;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Interlocked.Increment(ref _created);
        var timer = new TrackedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(static s => ((TrackedTimer)s!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock to the earliest timer due within <paramref name="within"/>, which fires; false when there is none.
    /// Moving no further than that leaves the timeouts of requests in flight alone.
    /// </summary>
    public bool AdvanceToNextTimer(TimeSpan within)
    {
        var now = GetUtcNow();
        DateTimeOffset next;
        lock (_gate)
        {
            var due = _armed.Select(t => t.Due).Where(d => d <= now + within).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (due == DateTimeOffset.MaxValue)
            {
                return false;
            }

            next = due;
        }

        Advance(next - now);
        return true;
    }

    /// <summary>Whether a timer is due exactly <paramref name="fromNow"/> from now (a back-off that just began).</summary>
    public bool HasTimerDueIn(TimeSpan fromNow)
    {
        var due = GetUtcNow() + fromNow;
        lock (_gate)
        {
            return _armed.Any(t => t.Due == due);
        }
    }

    // Mirrors the due time of a FakeTimeProvider timer, which it wraps: set on Change, moved by a period when it fires.
    private sealed class TrackedTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public ITimer? Inner { get; set; }

        // Guarded by the owner's gate.
        public DateTimeOffset Due { get; private set; }

        private TimeSpan _period;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Read outside the gate: reading the clock may fire timers, whose Fire takes the gate.
            var now = owner.GetUtcNow();
            lock (owner._gate)
            {
                _period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : now + dueTime;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    owner._armed.Remove(this);
                }
                else
                {
                    owner._armed.Add(this);
                }
            }

            return Inner!.Change(dueTime, period);
        }

        public void Fire()
        {
            lock (owner._gate)
            {
                if (_period > TimeSpan.Zero)
                {
                    Due += _period;
                }
                else
                {
                    owner._armed.Remove(this);
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._armed.Remove(this);
            }

            Inner!.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
