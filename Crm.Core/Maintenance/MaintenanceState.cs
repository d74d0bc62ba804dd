namespace IntegrationHub.Crm.Core.Maintenance;

/// <summary>
/// Where one plan stands on one machine, as the store keeps it between passes and hub restarts: the last interval that
/// opened a ticket, the counter's corrections, and the next due point the portal shows.
/// </summary>
public sealed record MaintenanceState
{
    public required string PlanId { get; init; }

    public required string AssetId { get; init; }

    /// <summary>The plan's title when it was last evaluated, for the customer's portal.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The number of the last interval that opened a ticket (interval n ends at n times the plan's interval); 0 before
    /// the first. Numbered in the plan as it was then: what the next interval is compared with is
    /// <see cref="LastDueHours"/> or <see cref="LastDueAt"/>.
    /// </summary>
    public long LastInterval { get; init; }

    /// <summary>
    /// Where the last interval that opened a ticket ended, in running hours (running-hours plans); what the next one is
    /// compared with, so an edit of the plan's interval goes on from there. Null before the first ticket (and in a state
    /// stored before it was recorded: it is derived from <see cref="LastInterval"/> and <see cref="NextDueHours"/>).
    /// </summary>
    public double? LastDueHours { get; init; }

    /// <summary>Where the last interval that opened a ticket ended, as a date (calendar plans); as <see cref="LastDueHours"/>.</summary>
    public DateTimeOffset? LastDueAt { get; init; }

    /// <summary>
    /// Running hours added to the counter's value: what the counter had reached before each time it went down (a
    /// controller swap or reset), so that the machine's hours carry on instead of starting again.
    /// </summary>
    public double CounterOffset { get; init; }

    /// <summary>The counter's value at the last pass (running-hours plans).</summary>
    public double? LastCounter { get; init; }

    /// <summary>When the machine measured <see cref="LastCounter"/>: a reading measured earlier is ignored, never taken for a reset.</summary>
    public DateTimeOffset? LastCounterAt { get; init; }

    /// <summary>How many times the counter went down.</summary>
    public int CounterResets { get; init; }

    /// <summary>The machine's running hours as the plan counts them: <see cref="CounterOffset"/> plus the counter.</summary>
    public double? RunningHours { get; init; }

    /// <summary>The running hours at which the next interval ends (running-hours plans).</summary>
    public double? NextDueHours { get; init; }

    /// <summary>
    /// When the next interval ends: the date for a calendar plan; an estimate from the machine's running hours per day
    /// since its installation for a running-hours plan (null when there is nothing to estimate from).
    /// </summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>Why the plan cannot be scheduled on this machine yet (no installation date, no counter reading); null when it is.</summary>
    public string? Problem { get; init; }

    /// <summary>The running hours left until <see cref="NextDueHours"/>.</summary>
    public double? HoursLeft => NextDueHours is { } due && RunningHours is { } hours ? Math.Max(0, due - hours) : null;
}
