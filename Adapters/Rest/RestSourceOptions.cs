namespace IntegrationHub.Adapters.Rest;

/// <summary>One polled API collection, from <c>Hub:Rest:Sources:N</c>.</summary>
public sealed record RestSourceOptions
{
    /// <summary>The source name; it selects the mapping file, as a CSV source's name does.</summary>
    public string Name { get; init; } = "";

    /// <summary>The collection's address, with any fixed query parameters (<c>http://erp:8080/api/v2/orders?status=open</c>).</summary>
    public string Url { get; init; } = "";

    /// <summary>Where the items are in a response, as a path into its JSON (<c>data.items</c>); empty when the response is the array.</summary>
    public string ItemsPath { get; init; } = "";

    /// <summary>The item field that identifies an item, for references in dead letters and logs (optional).</summary>
    public string? KeyField { get; init; }

    public RestPaging Paging { get; init; } = new();

    public RestAuth Auth { get; init; } = new();

    /// <summary>The pause between polls when no <see cref="Schedule"/> is set.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>The pause between polls once the whole collection has been read. Set this or <see cref="Schedule"/>, not both.</summary>
    /// <value>The default value is 1 minute when no Schedule is set.</value>
    public TimeSpan? Interval { get; init; }

    /// <summary>
    /// When to poll, as a cron expression of five fields (minute hour day-of-month month day-of-week) read in
    /// <see cref="ScheduleTimeZone"/>: <c>0 2 * * *</c> polls at 02:00 every day. Set this or <see cref="Interval"/>,
    /// not both. An occurrence missed while the hub was down is polled once when it starts (docs/schedules.md).
    /// </summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// The time zone <see cref="Schedule"/> is read in: an IANA id such as <c>Asia/Shanghai</c>, or a Windows id such as
    /// <c>China Standard Time</c> (converted by .NET where the system knows only the other kind).
    /// </summary>
    /// <value>The default value is the machine's own time zone.</value>
    public string? ScheduleTimeZone { get; init; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a 429's Retry-After is obeyed for; a longer one waits this long and asks again.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A bound on pages per poll, so that an API that ignores the paging parameter cannot loop the poller forever.</summary>
    public int MaxPages { get; init; } = 10_000;
}
