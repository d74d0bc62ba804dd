namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>The desk's survey page: the months shown (in <paramref name="TimeZone"/>), the report, and the latest answers.</summary>
internal sealed record SurveyDeskPage(string From, string To, string TimeZone, bool Truncated, SurveyReport Report, IReadOnlyList<SurveyDeskAnswer> Answers)
{
    /// <summary>The most answers a report reads; past it the report says it is truncated (far beyond a year of a site's surveys).</summary>
    public const int MaxAnswers = 100_000;

    /// <summary>The latest answers listed under the report.</summary>
    public const int ListedAnswers = 200;
}

/// <summary>One answer as the desk lists it, with whether it was low and its follow-up ticket.</summary>
internal sealed record SurveyDeskAnswer(
    string TicketNo, string CustomerCode, string? Engineer, string Category, DateTimeOffset AnsweredAt, int Rating, int Score, string? Comment, bool Low, string? FollowUpTicketNo);
