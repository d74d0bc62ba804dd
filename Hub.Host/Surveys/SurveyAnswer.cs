namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>A customer's answer: a 1-5 rating, a 0-10 recommendation score and an optional comment.</summary>
internal sealed record SurveyAnswer(int Rating, int Score, string? Comment);
