namespace IntegrationHub.Hub.Host.Chat;

/// <summary>Surveys answered in chat (issue 24 item 5); event ids 2346-2349 are stable for alerting. Never a comment.</summary>
internal static partial class SurveyChatLog
{
    [LoggerMessage(2346, LogLevel.Information, "Survey of ticket {TicketNo} answered in chat by customer {CustomerCode}: rating {Rating}/5, recommendation {Score}/10")]
    public static partial void Answered(ILogger logger, string ticketNo, string customerCode, int rating, int score);

    [LoggerMessage(2347, LogLevel.Information, "A survey answer in chat from customer {CustomerCode} named no ticket with a survey to answer (unknown, another customer's, answered or expired)")]
    public static partial void Unknown(ILogger logger, string customerCode);

    [LoggerMessage(2348, LogLevel.Information, "A survey answer in chat from customer {CustomerCode} was refused: {Problem}")]
    public static partial void Refused(ILogger logger, string customerCode, string problem);

    [LoggerMessage(2349, LogLevel.Information, "A survey answer in chat came from a chat user linked to no customer")]
    public static partial void NotLinked(ILogger logger);
}
