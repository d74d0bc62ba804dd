namespace IntegrationHub.Adapters.Abstractions.Scheduling;

/// <summary>
/// When a poller polls: every <c>Interval</c>, or at the occurrences of a <see cref="CronSchedule"/> (issue 21 item 4).
/// The poller keeps its own loop (it runs as leased work, issue 18: only the lease holder polls) and asks this when to
/// poll next; a schedule's runs are recorded in an <see cref="IScheduleLog"/>, so that an occurrence missed while no node
/// ran the poller is made up once when one starts it, and only once however many occurrences were missed.
/// </summary>
public sealed class PollCadence
{
    // Why a wait is cut into timers of at most an hour: an occurrence is a wall-clock instant, a timer runs on the
    // monotonic clock (a clock set by NTP in between would move the occurrence, not the timer), and a Task.Delay cannot
    // exceed about 49 days (a yearly schedule).
    private static readonly TimeSpan LongestTimer = TimeSpan.FromHours(1);
    private readonly TimeSpan _interval;
    private readonly IScheduleLog _log;
    private readonly string _work;
    private readonly TimeProvider _time;

    /// <param name="interval">The pause after each poll when there is no schedule.</param>
    /// <param name="schedule">The schedule; null polls every <paramref name="interval"/>.</param>
    /// <param name="log">Where the schedule's runs are recorded.</param>
    /// <param name="work">The work's name in <paramref name="log"/>, its lease's name: <c>sql:erp-orders</c>.</param>
    /// <param name="time">The clock.</param>
    public PollCadence(TimeSpan interval, CronSchedule? schedule, IScheduleLog log, string work, TimeProvider time)
    {
        _interval = interval;
        Schedule = schedule;
        _log = log;
        _work = work;
        _time = time;
    }

    /// <summary>
    /// The cadence of a source's settings: <paramref name="schedule"/> in <paramref name="zone"/> when set, else
    /// <paramref name="interval"/>. The hub checks the settings at start, so an invalid schedule here is a caller's bug:
    /// it throws, naming the source.
    /// </summary>
    public static PollCadence Of(
        TimeSpan interval, string? schedule, string? zone, IScheduleLog? log, string work, TimeProvider time)
    {
        if (string.IsNullOrEmpty(schedule))
        {
            return new PollCadence(interval, null, log ?? new MemoryScheduleLog(), work, time);
        }

        var errors = new List<string>();
        var parsed = CronSchedule.TryCreate(schedule, zone, work + " Schedule", work + " ScheduleTimeZone", time.GetUtcNow(), errors)
            ?? throw new ArgumentException(string.Join(" ", errors), nameof(schedule));
        return new PollCadence(interval, parsed, log ?? new MemoryScheduleLog(), work, time);
    }

    /// <summary>The schedule, or null for an interval.</summary>
    public CronSchedule? Schedule { get; }

    /// <summary>
    /// When the first poll of a run is due: at once for an interval; for a schedule, at once when no run is recorded or
    /// an occurrence passed since the last one (that occurrence is <see cref="PollDue.Missed"/>), else at the next one.
    /// </summary>
    public async Task<PollDue> FirstDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (Schedule is null)
        {
            return new PollDue(now, PollDueReason.Interval);
        }

        var last = await _log.LastRunAsync(_work, cancellationToken).ConfigureAwait(false);
        if (last is null)
        {
            return new PollDue(now, PollDueReason.NeverRun);
        }

        return Schedule.NextAfter(last.Value) is { } missed && missed <= now
            ? new PollDue(now, PollDueReason.Missed, missed)
            : NextDue();
    }

    /// <summary>
    /// When the poll after the one that just ended is due: the interval from now, or the schedule's first occurrence
    /// after now (occurrences that passed while a long poll ran are not made up: the poll that just ran read them).
    /// </summary>
    public PollDue NextDue()
    {
        var now = _time.GetUtcNow();
        return Schedule is null
            ? new PollDue(now + _interval, PollDueReason.Interval)
            : new PollDue(Schedule.NextAfter(now) ?? DateTimeOffset.MaxValue, PollDueReason.Occurrence);
    }

    /// <summary>Returns when the clock reads <paramref name="due"/>'s time or later (never before: a timer may fire early).</summary>
    public async Task WaitAsync(PollDue due, CancellationToken cancellationToken)
    {
        while (due.At - _time.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining < LongestTimer ? remaining : LongestTimer, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records a scheduled poll that started at <paramref name="startedAt"/> and ended well; nothing for an interval.</summary>
    public Task RecordAsync(DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        Schedule is null ? Task.CompletedTask : _log.RecordRunAsync(_work, startedAt, cancellationToken);
}
