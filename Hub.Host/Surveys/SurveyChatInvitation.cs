namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// What a survey invitation sent to a chat robot adds (issue 24 item 5): the message the customer can reply with in the
/// chat instead of opening the link (read by <c>Chat/SurveyReply</c>), in the customer's language.
/// </summary>
internal static class SurveyChatInvitation
{
    public static string Example(string ticketNo, string? language) =>
        language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase)
            ? $"评价 {ticketNo} 满意度(1-5) 推荐度(0-10) 留言，例如：评价 {ticketNo} 5 9 很及时"
            : $"rate {ticketNo} <rating 1-5> <score 0-10> <comment>, for example: rate {ticketNo} 5 9 quick fix";
}
