namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>What the survey page shows before the customer answers: the ticket and machine, in the customer's language.</summary>
internal sealed record SurveyView(string TicketNo, string? AssetId, string? Language, DateTimeOffset AnswerBy);
