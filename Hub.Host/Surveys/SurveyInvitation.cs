namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// One ticket's survey (issue 24 item 5): who it is about, when its link lapses, and the customer's answer once given.
/// Stored by the hash of the link's random part only (<see cref="SurveyLinks"/>).
/// </summary>
internal sealed record SurveyInvitation
{
    public required string IdHash { get; init; }

    public required string TicketNo { get; init; }

    public required string CustomerCode { get; init; }

    /// <summary>The ticket's assignee when it was resolved; null when it was in a queue.</summary>
    public string? Engineer { get; init; }

    /// <summary>The ticket's code: an alarm's code, <c>opcua:&lt;code&gt;</c>, <c>customer:&lt;category&gt;</c>, <c>maintenance:&lt;plan&gt;</c>.</summary>
    public required string Category { get; init; }

    public required DateTimeOffset ResolvedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public SurveyAnswer? Answer { get; init; }

    /// <summary>The follow-up ticket a low score opened.</summary>
    public string? FollowUpTicketNo { get; init; }
}
