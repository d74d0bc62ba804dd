using System.Globalization;
using IntegrationHub.Crm.Core.Equipment;

namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>
/// When preventive maintenance falls due (issue 24 item 4), as pure functions of the plan, the machine, the stored state
/// and the counter's latest reading. Interval n of a plan ends at n intervals from the start (the installation date, or
/// zero running hours); the interval a pass finds reached opens a ticket when it is later than the last one that did.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Exactly once: an interval opens a ticket when it ends later than the last ticketed one
/// (<see cref="MaintenanceState.LastDueHours"/>, <see cref="MaintenanceState.LastDueAt"/>): compared on due points, not
/// interval numbers, so an edited interval or a corrected installation date goes on from where the last ticket was. The
/// host stores the state with the ticket and claims <see cref="MaintenanceDecision.DueKey"/>, so a pass after a restart,
/// or a second pass, finds the interval taken.</item>
/// <item>Missed intervals (the hub was down, or a plan is new for a machine installed long ago): only the latest
/// interval reached opens a ticket, one ticket for all of them; the next falls due one interval after it.</item>
/// <item>A counter that goes down (a reset, a controller swapped for one that counts from zero): the hours it had
/// reached are kept in <see cref="MaintenanceState.CounterOffset"/> and the new counter's hours are added to them. So
/// the drop opens nothing, and the plan goes on from the hours the machine had, losing only the hours run between the
/// last reading and the swap.</item>
/// <item>A reading that is not a running-hours count (negative, not finite, above <see cref="MaxCounterHours"/>) changes
/// nothing: the plan waits for a plausible one.</item>
/// </list>
/// </remarks>
public static class MaintenanceSchedule
{
    /// <summary>The largest counter value taken for running hours (about 114,000 years); a larger one is refused.</summary>
    public const double MaxCounterHours = 1e9;

    // A due point derived from an older state is a quotient of whole hours; a rounding error must not count as later.
    private const double DuePointTolerance = 1e-6;

    // An estimate further out than this (a machine that hardly runs) is not an estimate worth showing.
    private static readonly TimeSpan LongestEstimate = TimeSpan.FromDays(36_500);

    /// <summary>Decides whether <paramref name="plan"/> falls due on <paramref name="machine"/> at <paramref name="now"/>.</summary>
    /// <param name="plan">The plan; its model is not checked here.</param>
    /// <param name="machine">The machine; its installation date starts a calendar plan and dates a running-hours estimate.</param>
    /// <param name="stored">The state stored by the last pass; null before the first.</param>
    /// <param name="counter">The counter metric's latest reading (running-hours plans); null when the machine never sent one.</param>
    /// <param name="now">The pass's time.</param>
    /// <param name="zone">The site's time zone, in which the reasons' dates are written (a machine installed at 00:30 in
    /// Shanghai was installed on that day, not on the day before as UTC has it); null for UTC.</param>
    public static MaintenanceDecision Evaluate(
        MaintenancePlan plan, InstalledEquipment machine, MaintenanceState? stored, CounterReading? counter, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(machine);
        var state = (stored ?? new MaintenanceState { PlanId = plan.Id, AssetId = machine.AssetId }) with { Title = plan.Title };
        return plan.Every.Basis == MaintenanceBasis.Calendar
            ? Calendar(plan, machine, state, stored, now, zone ?? TimeZoneInfo.Utc)
            : RunningHours(plan, machine, state, stored, counter, now);
    }

    private static MaintenanceDecision Calendar(
        MaintenancePlan plan, InstalledEquipment machine, MaintenanceState state, MaintenanceState? stored, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (machine.InstalledAt is not { } installed)
        {
            return Unscheduled(state, stored, "the machine has no installation date, from which a calendar plan counts its days");
        }

        var period = plan.Every.Period;
        var reached = now > installed ? (now - installed).Ticks / period.Ticks : 0;
        var reachedAt = AfterIntervals(installed, period, reached);
        // Compared on dates, not on interval numbers: an edited interval or a corrected installation date renumbers the
        // intervals, and the last ticket's number in the old plan says nothing about the new one (review of session 24).
        var lastDueAt = LastDueAt(state, installed);
        var due = reached >= 1 && reachedAt is { } at && (lastDueAt is null || at > lastDueAt) ? reached : (long?)null;
        // The intervals of this plan that had ended when the last ticket opened.
        var ticketed = lastDueAt is { } last && last > installed ? (last - installed).Ticks / period.Ticks : 0;
        var following = (due ?? ticketed) + 1;
        var next = state with
        {
            LastInterval = due ?? state.LastInterval,
            LastDueAt = due is null ? lastDueAt : reachedAt,
            LastDueHours = null,
            NextDueAt = AfterIntervals(installed, period, following),
            RunningHours = null,
            NextDueHours = null,
            Problem = null,
        };
        var reason = due is { } n
            ? Invariant($"Plan {plan.Id} ({plan.Every}) on {machine.AssetId}: interval {n} ended on {Day(reachedAt, zone)}, counted from the installation on {Day(installed, zone)}.{Missed(ticketed, n)}")
            : Invariant($"Plan {plan.Id} on {machine.AssetId}: next due on {Day(next.NextDueAt, zone)}.");
        return new MaintenanceDecision
        {
            State = next, DueInterval = due, DueKey = reachedAt is { } key && due is not null ? key.ToUnixTimeSeconds() : null, Reason = reason, Changed = next != stored,
        };
    }

    private static MaintenanceDecision RunningHours(
        MaintenancePlan plan, InstalledEquipment machine, MaintenanceState state, MaintenanceState? stored, CounterReading? counter, DateTimeOffset now)
    {
        if (counter is null)
        {
            return Unscheduled(state, stored, $"the machine has not reported its counter metric '{plan.Counter}' yet");
        }

        if (!double.IsFinite(counter.Hours) || counter.Hours < 0 || counter.Hours > MaxCounterHours)
        {
            return Unscheduled(state, stored, Invariant($"the counter metric '{plan.Counter}' reads {counter.Hours}, which is not a running-hours count (0 to {MaxCounterHours:0}); waiting for a plausible reading"));
        }

        // A reading measured before the one the last pass took (two nodes' passes overlapping, the later one committing
        // first) is no news, and above all no counter reset (review of session 24, item 9).
        if (state.LastCounterAt is { } seen && counter.At < seen)
        {
            return new MaintenanceDecision
            {
                State = state, DueInterval = null, Changed = state != stored,
                Reason = Invariant($"Plan {plan.Id} on {machine.AssetId}: the counter reading of {counter.At:O} is older than the one taken at {seen:O}; ignored."),
            };
        }

        var offset = state.CounterOffset;
        var resets = state.CounterResets;
        var resetNote = string.Empty;
        if (state.LastCounter is { } previous && counter.Hours < previous)
        {
            offset += previous - counter.Hours;
            resets++;
            resetNote = Invariant($" The counter went down from {previous} to {counter.Hours} (a reset or a controller swap): the machine's hours carry on from {offset + counter.Hours}.");
        }

        var hours = offset + counter.Hours;
        var every = (double)plan.Every.Amount;
        var reached = (long)Math.Floor(hours / every);
        // Compared on running hours, not on interval numbers: after an edit from every 250 to every 500 hours, the last
        // ticket's interval 8 (2000 hours) must not hold back interval 5 (2500 hours) (review of session 24).
        var lastDue = LastDueHours(state);
        var due = reached >= 1 && reached * every > lastDue + DuePointTolerance ? reached : (long?)null;
        var ticketed = (long)Math.Floor(lastDue / every);
        var nextHours = ((due ?? ticketed) + 1) * every;
        var next = state with
        {
            LastInterval = due ?? state.LastInterval,
            LastDueHours = due is { } d ? d * every : lastDue,
            LastDueAt = null,
            CounterOffset = offset,
            CounterResets = resets,
            LastCounter = counter.Hours,
            LastCounterAt = counter.At,
            RunningHours = hours,
            NextDueHours = nextHours,
            NextDueAt = Estimate(machine.InstalledAt, hours, nextHours - hours, now),
            Problem = null,
        };
        var reason = due is { } n
            ? Invariant($"Plan {plan.Id} ({plan.Every}) on {machine.AssetId}: {hours:0.#} running hours reached interval {n} ({n * every:0} hours).{Missed(ticketed, n)}{resetNote}")
            : Invariant($"Plan {plan.Id} on {machine.AssetId}: {nextHours - hours:0.#} running hours left.{resetNote}");
        return new MaintenanceDecision
        {
            State = next, DueInterval = due, DueKey = due is { } k ? (long)(k * every) : null, Reason = reason, Changed = next != stored,
        };
    }

    // Where the last ticket's interval ended, in running hours. A state stored before this was recorded has only the
    // interval's number and the next due point, both in the plan's units of that time: (n + 1) x every gives every.
    private static double LastDueHours(MaintenanceState state) => state switch
    {
        { LastDueHours: { } hours } => hours,
        { LastInterval: > 0, NextDueHours: { } next } => next / (state.LastInterval + 1) * state.LastInterval,
        _ => 0,
    };

    // Where the last ticket's interval ended, as a date; for a state stored before this was recorded, from the interval's
    // number and the next due date of that time (the installation date is today's: a correction since then is not known).
    private static DateTimeOffset? LastDueAt(MaintenanceState state, DateTimeOffset installed) => state switch
    {
        { LastDueAt: { } at } => at,
        { LastInterval: > 0, NextDueAt: { } next } when next > installed =>
            installed + TimeSpan.FromTicks((next - installed).Ticks / (state.LastInterval + 1) * state.LastInterval),
        _ => null,
    };

    private static MaintenanceDecision Unscheduled(MaintenanceState state, MaintenanceState? stored, string problem)
    {
        // The interval and the counter's corrections stay as they are: a missing or bad reading loses nothing.
        var next = state with { Problem = problem };
        return new MaintenanceDecision { State = next, DueInterval = null, Reason = $"Plan {state.PlanId} on {state.AssetId} is not scheduled: {problem}.", Changed = next != stored };
    }

    private static string Missed(long last, long due) =>
        due - last > 1
            ? Invariant($" Intervals {last + 1} to {due - 1} ended without a ticket (the hub was not running, or the plan is new): this one ticket stands for them all.")
            : string.Empty;

    /// <summary>The start plus <paramref name="count"/> periods; null past the calendar's end.</summary>
    private static DateTimeOffset? AfterIntervals(DateTimeOffset start, TimeSpan period, long count)
    {
        var ticks = (Int128)start.UtcTicks + (Int128)count * period.Ticks;
        return ticks > DateTimeOffset.MaxValue.UtcTicks ? null : new DateTimeOffset((long)ticks, TimeSpan.Zero);
    }

    /// <summary>
    /// When <paramref name="hoursLeft"/> will have run at the machine's average since its installation (at most around
    /// the clock), to the hour; null without an installation date a day old, or for a machine that hardly runs.
    /// </summary>
    private static DateTimeOffset? Estimate(DateTimeOffset? installed, double hours, double hoursLeft, DateTimeOffset now)
    {
        if (installed is not { } since || now - since < TimeSpan.FromDays(1) || hours <= 0)
        {
            return null;
        }

        var perHour = Math.Min(1, hours / (now - since).TotalHours);
        var wait = hoursLeft / perHour;
        if (!double.IsFinite(wait) || wait > LongestEstimate.TotalHours)
        {
            return null;
        }

        var at = now + TimeSpan.FromHours(wait);
        // To the hour, so that the stored estimate changes (and is written) at most once an hour, not at every pass.
        return new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    // A date as the site's calendar has it.
    private static string Day(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(none)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
