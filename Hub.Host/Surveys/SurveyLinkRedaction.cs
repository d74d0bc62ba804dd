using System.Text.RegularExpressions;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// Withholds survey links' tokens from what people read of the outbox (review of session 24, item 6): a queued or sent
/// invitation's body holds the customer's one-time link, and an admin listing the outbox could otherwise open it and
/// answer in the customer's name. The stored body keeps the token, because the channel sends that body (and sends it
/// again after a failure); see docs/field-service.md for why the token is not minted at send time.
/// </summary>
internal static partial class SurveyLinkRedaction
{
    /// <summary>What a withheld token reads as.</summary>
    public const string Withheld = "(one-time survey link withheld)";

    /// <summary><paramref name="body"/> with every survey link's token replaced by <see cref="Withheld"/>.</summary>
    public static string Redact(string body) =>
        string.IsNullOrEmpty(body) ? body : Token().Replace(body, SurveyLinks.PagePath + "#" + Withheld);

    // The page's path, '#', then the token's base64url characters (SurveyLinks writes nothing else after '#').
    [GeneratedRegex(@"/portal/survey\.html#[A-Za-z0-9_-]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Token();
}
