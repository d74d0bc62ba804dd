namespace IntegrationHub.Crm.Core.Quality;

/// <summary>One line of the data-quality report.</summary>
/// <param name="Name">Stable id, e.g. <c>customers.email.fill</c>.</param>
/// <param name="Value">A share (0 to 1) or a count, as <paramref name="IsShare"/> says.</param>
/// <param name="IsShare">Whether the value is a share rather than a count.</param>
/// <param name="Rating">Against the thresholds of the configuration.</param>
/// <param name="Detail">What was counted, in words.</param>
public sealed record QualityMetric(string Name, double Value, bool IsShare, QualityRating Rating, string Detail);
