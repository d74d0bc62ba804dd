namespace IntegrationHub.Adapters.Sql;

/// <summary>One polled table or query, from <c>Hub:Sql:Sources:N</c>.</summary>
public sealed record SqlSourceOptions
{
    /// <summary>The source name; it selects the mapping file, as a CSV source's name does.</summary>
    public string Name { get; init; } = "";

    /// <summary>
    /// The ADO.NET invariant name: <c>SqlServer</c> (or <c>Microsoft.Data.SqlClient</c>), <c>Npgsql</c>,
    /// <c>Microsoft.Data.Sqlite</c>, or a plugin's.
    /// </summary>
    public string Provider { get; init; } = "";

    /// <summary>The connection string; put it in an environment variable (<c>Hub__Sql__Sources__0__ConnectionString</c>). Never logged.</summary>
    public string ConnectionString { get; init; } = "";

    /// <summary>
    /// The query, with a <c>@watermark</c> parameter, that returns the rows changed since then in watermark order:
    /// <c>SELECT ... FROM t WHERE updated_at &gt;= @watermark ORDER BY updated_at, id</c>. Use <c>&gt;=</c>: the poller
    /// removes the rows it has already seen.
    /// </summary>
    public string Query { get; init; } = "";

    /// <summary>The column that identifies a row (for de-duplication of the overlap window).</summary>
    public string KeyColumn { get; init; } = "";

    /// <summary>The column the query orders by and compares with <c>@watermark</c>.</summary>
    public string WatermarkColumn { get; init; } = "";

    /// <summary>
    /// What the watermark column holds: <c>Timestamp</c> (an updated-at date and time; <see cref="Overlap"/> in seconds),
    /// <c>Version</c> (a rising whole number such as a sequence; the overlap in versions) or <c>RowVersion</c> (SQL
    /// Server's 8-byte <c>rowversion</c>, stored as <c>0x</c> and 16 hexadecimal digits; the overlap in versions).
    /// A watermark stored under one kind is not converted to another.
    /// </summary>
    /// <value>The default value is <c>Timestamp</c>.</value>
    public WatermarkKind WatermarkKind { get; init; } = WatermarkKind.Timestamp;

    /// <summary>
    /// How far behind the stored watermark each poll starts again, so that rows committed late with an older
    /// watermark value are still read: seconds for timestamps, versions for version numbers. It must be longer than
    /// the source's longest writing transaction.
    /// </summary>
    public long Overlap { get; init; } = 60;

    /// <summary>How many rows go into one store transaction with their watermark.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>The pause between polls when no <see cref="Schedule"/> is set.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The pause between polls once the source is caught up. Set this or <see cref="Schedule"/>, not both.
    /// </summary>
    /// <value>The default value is 10 seconds when no Schedule is set.</value>
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

    /// <summary>The query timeout; a timeout (for example a locked table) is retried with backoff.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the first poll starts when no watermark is stored: a timestamp (ISO 8601), a version, or a rowversion
    /// (<c>0x00000000000007D1</c>).
    /// </summary>
    public string? Start { get; init; }

    /// <summary>
    /// Optional: a query that returns the key column of every row that still exists (<c>SELECT order_no FROM
    /// sales_orders</c>). A watermark cannot see a deleted row; with this query the poller compares keys every
    /// <see cref="KeysInterval"/> and removes from the store what the rows that are gone had made.
    /// </summary>
    public string? KeysQuery { get; init; }

    /// <summary>How often the keys are compared, at most: the comparison runs right after a poll, so a scheduled source compares at its polls.</summary>
    public TimeSpan KeysInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The largest share of the source's stored rows one comparison may remove. More than that (an empty result from
    /// a wrong query or an emptied table) is reported and nothing is removed.
    /// </summary>
    public double MaxDeletedShare { get; init; } = 0.1;
}
