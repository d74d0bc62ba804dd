namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>Satisfaction survey messages (issue 24 item 5); event ids 2340-2349 are stable for alerting. Never a token, never a comment.</summary>
internal static partial class SurveyLog
{
    [LoggerMessage(2340, LogLevel.Information, "Survey of ticket {TicketNo} queued to customer {CustomerCode} through channel {Channel}")]
    public static partial void Invited(ILogger logger, string ticketNo, string customerCode, string channel);

    [LoggerMessage(2341, LogLevel.Information, "Ticket {TicketNo} resolved again: its customer was asked already, no second survey")]
    public static partial void AlreadyInvited(ILogger logger, string ticketNo);

    [LoggerMessage(2342, LogLevel.Information, "Survey of ticket {TicketNo} answered: rating {Rating}/5, recommendation {Score}/10")]
    public static partial void Answered(ILogger logger, string ticketNo, int rating, int score);

    [LoggerMessage(2343, LogLevel.Information, "A survey link was refused (unknown, forged, used or expired) from {Address}")]
    public static partial void LinkRefused(ILogger logger, string address);

    [LoggerMessage(2344, LogLevel.Warning, "Low survey score on ticket {TicketNo}: follow-up ticket {FollowUp} opened in queue {Queue}")]
    public static partial void FollowUpOpened(ILogger logger, string ticketNo, string followUp, string queue);

    [LoggerMessage(2345, LogLevel.Information, "A survey answer was refused: {Problem}")]
    public static partial void AnswerRefused(ILogger logger, string problem);
}
