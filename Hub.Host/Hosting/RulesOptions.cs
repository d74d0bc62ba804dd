using IntegrationHub.Crm.Core.Tickets;

namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The rules stage (section <c>Hub:Rules</c>): where the alarm rule files are and the ticket policy. The rules
/// themselves are YAML files in <see cref="Folder"/>; with none there, the stage stays idle.
/// </summary>
internal sealed record RulesOptions
{
    /// <summary>The folder of alarm rule files (<c>*.yaml</c>), relative to the data folder unless absolute.</summary>
    /// <value>The default value is <c>rules</c>.</value>
    public string Folder { get; init; } = "rules";

    /// <summary>How often timers run: debounce and clear delays, no-data silence, SLA escalation.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many queued readings the rules stage reads and evaluates in one transaction, per partition; a full batch
    /// is followed at once by the next. Readings evaluated at ingest (<see cref="AtIngest"/>) are not queued and do not
    /// count. From 1 to 10000 (checked at start).
    /// </summary>
    /// <value>The default value is 500 readings per transaction.</value>
    public int BatchSize { get; init; } = 500;

    /// <summary>
    /// How many partitions the machines are spread over for rule evaluation (issue 18 item 2). Each partition is a lease
    /// (<c>rules/p0</c>...) held by one node, which evaluates its machines' readings in queue order; the nodes share the
    /// partitions evenly. Must be the same on every node of one database: a node that finds a live node with another
    /// count takes no partition until that node is gone (stop every node to change it).
    /// </summary>
    /// <value>The default value is 16.</value>
    public int Partitions { get; init; } = 16;

    /// <summary>
    /// How long a queued reading waits before it is evaluated, so that an older reading of the same machine that another
    /// node stored a moment later is evaluated with it, in time order (issue 18 item 2). MQTT 5 shared subscriptions
    /// hand one machine's messages to several nodes, which store them in whatever order they get to; without the
    /// window the rules ignore a reading older than one they have seen. Set it when <c>Hub:Mqtt:SharedGroup</c> splits
    /// telemetry over nodes (about 2 seconds: more than the nodes' ingest lag and clock difference); 0 evaluates at once.
    /// </summary>
    /// <value>The default value is 0 (no wait), or 2 seconds when telemetry is shared (<c>Hub:Mqtt:SharedGroup</c>, or a
    /// subscription's own <c>SharedGroup</c>).</value>
    public TimeSpan? ReorderWindow { get; init; }

    /// <summary>
    /// Whether the alarm rules are evaluated in the transaction that stores the readings (issue 20 item 1), rather than
    /// queued and read back by the rules stage, on both stores. Readings are queued anyway while older ones of their
    /// partition wait in the queue, while a reorder window is set (by default whenever telemetry is shared among nodes),
    /// and for partitions another node holds. Off restores the queue for every reading (for comparison).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AtIngest { get; init; } = true;

    /// <summary>SLA targets per priority; the defaults are P0 respond 2 h / resolve 24 h (24x7), P1 4 h / 24 h, P2 8 h / 40 h.</summary>
    public SlaOptions Sla { get; init; } = new();

    /// <summary>The engineers tickets are assigned to, by region, skills and current load.</summary>
    public IReadOnlyList<EngineerOptions> Roster { get; init; } = [];

    /// <summary>The queue for tickets no engineer on the roster can take.</summary>
    /// <value>The default value is <c>service-desk</c>.</value>
    public string FallbackQueue { get; init; } = "service-desk";

    /// <summary>How long after the supervisor step a ticket without an update goes to the manager.</summary>
    /// <value>The default value is 2 hours.</value>
    public TimeSpan ManagerAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The service desk's working week, for SLA targets that count business hours only (P1 and P2 by default);
    /// none means every target runs 24x7.
    /// </summary>
    public BusinessHoursOptions? BusinessHours { get; init; }

    public SlaPolicy ToSlaPolicy() => new()
    {
        P0 = Sla.P0 ?? SlaPolicy.Default.P0,
        P1 = Sla.P1 ?? SlaPolicy.Default.P1,
        P2 = Sla.P2 ?? SlaPolicy.Default.P2,
        Calendar = BusinessHours is { } hours && TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out var zone)
            ? BusinessCalendar.Weekdays(zone, hours.Open, hours.Close, hours.Holidays)
            : null,
    };
}

/// <summary>Monday to Friday opening hours and holidays (<c>Hub:Rules:BusinessHours</c>).</summary>
internal sealed record BusinessHoursOptions
{
    /// <summary>
    /// The time zone of <see cref="Open"/>, <see cref="Close"/> and the holidays, as an IANA name (<c>Europe/Berlin</c>).
    /// A name this machine does not know stops the hub at start.
    /// </summary>
    /// <value>The default value is <c>Asia/Shanghai</c>.</value>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>
    /// The time of day the desk opens, Monday to Friday, in <see cref="TimeZone"/>; business-hours SLA clocks run only
    /// between it and <see cref="Close"/>. Checked at start: from 00:00, and before Close.
    /// </summary>
    /// <value>The default value is 08:30.</value>
    public TimeSpan Open { get; init; } = new(8, 30, 0);

    /// <summary>
    /// The time of day the desk closes, Monday to Friday, in <see cref="TimeZone"/>; after <see cref="Open"/> and at
    /// most <c>1.00:00:00</c> (midnight), so a shift that runs past midnight cannot be written.
    /// </summary>
    /// <value>The default value is 17:30.</value>
    public TimeSpan Close { get; init; } = new(17, 30, 0);

    /// <summary>Days the desk is closed, e.g. <c>2026-10-01</c>.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];
}

/// <summary>SLA targets (section <c>Hub:Rules:Sla</c>); a missing one keeps its default.</summary>
internal sealed record SlaOptions
{
    public SlaTarget? P0 { get; init; }

    public SlaTarget? P1 { get; init; }

    public SlaTarget? P2 { get; init; }
}

/// <summary>One engineer of the roster (<c>Hub:Rules:Roster:N</c>).</summary>
internal sealed record EngineerOptions
{
    /// <summary>
    /// The engineer's id, which tickets name as their assignee and the desk assigns to; compared exactly (case
    /// matters). Required, and unique in the roster (checked at start). Ties between equally loaded engineers go to
    /// the lowest id.
    /// </summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The engineer's name as notifications show it (the <c>Engineer</c> of a template); the id when none.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The engineer's e-mail address, kept with the roster for the site's reference only: the hub reads it nowhere and
    /// mails no engineer. Ticket mail goes to <c>Hub:Notifications:Desk:Recipients</c>.
    /// </summary>
    public string? Email { get; init; }

    /// <summary>
    /// The customers' region this engineer serves, compared without regard to case with the customer record's region
    /// (e.g. <c>East</c>); a ticket whose customer has no region may go to any region's engineer. Required (checked at
    /// start).
    /// </summary>
    public string Region { get; init; } = string.Empty;

    /// <summary>
    /// The skills this engineer has, compared without regard to case with the <c>skill</c> an alarm rule names; an
    /// alarm whose rule names a skill goes only to engineers who list it (else to <c>Hub:Rules:FallbackQueue</c>).
    /// </summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>
    /// Whether new tickets may be assigned to this engineer; false keeps the engineer on the roster (the desk may still
    /// assign by hand) but out of automatic assignment. Tickets already assigned stay.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool OnDuty { get; init; } = true;

    /// <summary>
    /// The desk user (role <c>engineer</c>) who is this engineer on the phone page <c>/field/</c> (issue 24 item 2);
    /// compared exactly. None: the desk user whose name equals <see cref="Id"/>. Unique in the roster, and not another
    /// engineer's id (checked at start), so that a desk user is never two engineers.
    /// </summary>
    public string? DeskUser { get; init; }

    /// <summary>
    /// The queues whose tickets this engineer sees and may accept on the phone page, besides the tickets assigned to
    /// the engineer: a ticket assigned to nobody and waiting in one of them (e.g. <c>service-desk</c>, the value of
    /// <c>Hub:Rules:FallbackQueue</c>). Accepting such a ticket assigns it to the engineer.
    /// </summary>
    public IReadOnlyList<string> Queues { get; init; } = [];
}
