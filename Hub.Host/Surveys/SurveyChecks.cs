namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>Checks <c>Hub:Portal:Survey</c>, called by the portal section's validator so that every problem is reported at start.</summary>
internal static class SurveyChecks
{
    public static void Check(SurveyOptions survey, string section, List<string> errors)
    {
        string Setting(string name) => ConfigurationPath.Combine(section, name);
        if (survey.LinkLifetime < TimeSpan.FromHours(1) || survey.LinkLifetime > TimeSpan.FromDays(365))
        {
            errors.Add($"{Setting(nameof(survey.LinkLifetime))} is {survey.LinkLifetime}. Use 01:00:00 to 365.00:00:00.");
        }

        if (survey.PublicAddress is { Length: > 0 } address
            && (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment)))
        {
            errors.Add($"{Setting(nameof(survey.PublicAddress))} is '{address}'. Give the portal's address as customers reach it, with no path, for example https://service.example.com.");
        }

        if (survey.LowRating is < 0 or > 5)
        {
            errors.Add($"{Setting(nameof(survey.LowRating))} is {survey.LowRating}. Use 0 (never) to 5.");
        }

        if (survey.LowScore is < -1 or > 10)
        {
            errors.Add($"{Setting(nameof(survey.LowScore))} is {survey.LowScore}. Use -1 (never) to 10.");
        }

        if (string.IsNullOrWhiteSpace(survey.FollowUpQueue) || survey.FollowUpQueue.Length > 100 || survey.FollowUpQueue.Any(char.IsControl))
        {
            errors.Add($"{Setting(nameof(survey.FollowUpQueue))} is '{survey.FollowUpQueue}'. Name a queue of 1 to 100 printable characters.");
        }
    }
}
