namespace IntegrationHub.Crm.Core.Quality;

/// <summary>
/// The data-quality report mailed on a schedule (configuration <c>Hub:Quality:Report</c>, issue 21 item 4): the same
/// report as <c>hub quality report</c>, sent to <see cref="Recipients"/> through a notification channel, once per
/// occurrence of <see cref="Schedule"/> however many nodes run.
/// </summary>
public sealed record QualityReportSchedule
{
    /// <summary>
    /// When to send the report, as a cron expression of five fields (minute hour day-of-month month day-of-week) read
    /// in <see cref="ScheduleTimeZone"/>: <c>0 8 * * MON</c> sends it on Mondays at 08:00. None sends no report.
    /// </summary>
    public string? Schedule { get; init; }

    /// <summary>
    /// The time zone <see cref="Schedule"/> is read in: an IANA id such as <c>Asia/Shanghai</c>, or a Windows id such as
    /// <c>China Standard Time</c>.
    /// </summary>
    /// <value>The default value is the machine's own time zone.</value>
    public string? ScheduleTimeZone { get; init; }

    /// <summary>The channel the report goes through: a key of <c>Hub:Notifications:Channels</c> (an SMTP channel for e-mail).</summary>
    public string? Channel { get; init; }

    /// <summary>The e-mail addresses the report goes to (IT, the data stewards); needed for an SMTP channel.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];
}
