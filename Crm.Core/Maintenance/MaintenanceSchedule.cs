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
/// <item>Exactly once: <see cref="MaintenanceState.LastInterval"/> never goes down, and the host stores it with the
/// ticket, so a pass after a restart, or a second pass, finds the interval taken.</item>
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

    // An estimate further out than this (a machine that hardly runs) is not an estimate worth showing.
    private static readonly TimeSpan LongestEstimate = TimeSpan.FromDays(36_500);

    /// <summary>Decides whether <paramref name="plan"/> falls due on <paramref name="machine"/> at <paramref name="now"/>.</summary>
    /// <param name="plan">The plan; its model is not checked here.</param>
    /// <param name="machine">The machine; its installation date starts a calendar plan and dates a running-hours estimate.</param>
    /// <param name="stored">The state stored by the last pass; null before the first.</param>
    /// <param name="counter">The counter metric's latest reading (running-hours plans); null when the machine never sent one.</param>
    /// <param name="now">The pass's time.</param>
    public static MaintenanceDecision Evaluate(
        MaintenancePlan plan, InstalledEquipment machine, MaintenanceState? stored, CounterReading? counter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(machine);
        var state = (stored ?? new MaintenanceState { PlanId = plan.Id, AssetId = machine.AssetId }) with { Title = plan.Title };
        return plan.Every.Basis == MaintenanceBasis.Calendar
            ? Calendar(plan, machine, state, stored, now)
            : RunningHours(plan, machine, state, stored, counter, now);
    }

    private static MaintenanceDecision Calendar(MaintenancePlan plan, InstalledEquipment machine, MaintenanceState state, MaintenanceState? stored, DateTimeOffset now)
    {
        if (machine.InstalledAt is not { } installed)
        {
            return Unscheduled(state, stored, "the machine has no installation date, from which a calendar plan counts its days");
        }

        var period = plan.Every.Period;
        var reached = now > installed ? (now - installed).Ticks / period.Ticks : 0;
        var due = reached >= 1 && reached > state.LastInterval ? reached : (long?)null;
        var last = due ?? state.LastInterval;
        var next = state with
        {
            LastInterval = last,
            NextDueAt = AfterIntervals(installed, period, last + 1),
            RunningHours = null,
            NextDueHours = null,
            Problem = null,
        };
        var reason = due is { } n
            ? Invariant($"Plan {plan.Id} ({plan.Every}) on {machine.AssetId}: interval {n} ended on {AfterIntervals(installed, period, n):yyyy-MM-dd}, counted from the installation on {installed:yyyy-MM-dd}.{Missed(state.LastInterval, n)}")
            : Invariant($"Plan {plan.Id} on {machine.AssetId}: next due on {next.NextDueAt:yyyy-MM-dd}.");
        return new MaintenanceDecision { State = next, DueInterval = due, Reason = reason, Changed = next != stored };
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
        var due = reached >= 1 && reached > state.LastInterval ? reached : (long?)null;
        var last = due ?? state.LastInterval;
        var nextHours = (last + 1) * every;
        var next = state with
        {
            LastInterval = last,
            CounterOffset = offset,
            CounterResets = resets,
            LastCounter = counter.Hours,
            RunningHours = hours,
            NextDueHours = nextHours,
            NextDueAt = Estimate(machine.InstalledAt, hours, nextHours - hours, now),
            Problem = null,
        };
        var reason = due is { } n
            ? Invariant($"Plan {plan.Id} ({plan.Every}) on {machine.AssetId}: {hours:0.#} running hours reached interval {n} ({n * every:0} hours).{Missed(state.LastInterval, n)}{resetNote}")
            : Invariant($"Plan {plan.Id} on {machine.AssetId}: {nextHours - hours:0.#} running hours left.{resetNote}");
        return new MaintenanceDecision { State = next, DueInterval = due, Reason = reason, Changed = next != stored };
    }

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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
