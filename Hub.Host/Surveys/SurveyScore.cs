namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// The scores of one group of answers: CSAT, the share of ratings of 4 or 5, in percent; NPS, the percentage of
/// promoters (9-10) minus that of detractors (0-6), from -100 to 100. Both null when the group has no answer.
/// </summary>
internal sealed record SurveyScore(string Key, int Answers, double? Csat, double? Nps, int Promoters, int Passives, int Detractors);
