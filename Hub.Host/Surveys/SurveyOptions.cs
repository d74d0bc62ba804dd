namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// The satisfaction survey sent when a ticket is resolved (issue 24 item 5): its link's lifetime and address, and the
/// scores that open a follow-up for the supervisors.
/// </summary>
internal sealed record SurveyOptions
{
    /// <summary>
    /// Whether a resolved ticket sends its customer a survey (by mail through the customer audience's channel, or to the
    /// customer's chat robot when their notifications go there; held by quiet hours). Needs the templates <c>survey-invitation.customer.&lt;language&gt;.hbs</c>.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>How long a survey link can be answered; after that it gets the same answer as an unknown link.</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan LinkLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The portal's address as customers reach it (scheme, host and port, for example <c>https://service.example.com</c>),
    /// put before the survey page's path in the link. Unset, the message carries the path only.
    /// </summary>
    /// <value>The default value is unset.</value>
    public string? PublicAddress { get; init; }

    /// <summary>A rating (1 to 5) at or below this opens a follow-up ticket for the supervisors.</summary>
    /// <value>The default value is 2.</value>
    public int LowRating { get; init; } = 2;

    /// <summary>A recommendation score (0 to 10) at or below this opens a follow-up ticket for the supervisors.</summary>
    /// <value>The default value is 6 (a detractor).</value>
    public int LowScore { get; init; } = 6;

    /// <summary>The queue of the follow-up tickets that low scores open (code <c>survey:&lt;ticket number&gt;</c>).</summary>
    /// <value>The default value is supervisors.</value>
    public string FollowUpQueue { get; init; } = "supervisors";
}
