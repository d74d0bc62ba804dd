using System.Text.RegularExpressions;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// A chat message that answers a resolved ticket's survey (issue 24 item 5): "评价 T-2026-000123 5 9 很及时" or "rate
/// T-2026-000123 5 9 quick fix", with or without the robot's @-mention in front: the ticket, the rating (1-5), the
/// recommendation score (0-10), then an optional comment. The parts are kept as typed, so the answerer can name the
/// one that is wrong ("five" is not a rating); a missing part is null. Chinese messages get Chinese answers.
/// </summary>
internal sealed partial record SurveyReply(string? TicketNo, string? Rating, string? Score, string Comment, bool Chinese)
{
    public static SurveyReply? Parse(string? text)
    {
        var match = Pattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        string? Part(string name) => match.Groups[name].Success && match.Groups[name].Length > 0 ? match.Groups[name].Value : null;
        return new SurveyReply(Part("ticket"), Part("rating"), Part("score"), match.Groups["comment"].Value.Trim(), match.Groups["verb"].Value == "评价");
    }

    // The verb, then up to three words (ticket, rating, score) and the rest as the comment. A word is anything but
    // white space, so "5分" or "five" reach the answerer and get a reply naming the field.
    [GeneratedRegex(@"^\s*(?:@\S+\s+)*(?<verb>评价|rate)(?:\s*[:：]\s*|\s+|$)(?:(?<ticket>\S+)(?:\s+(?<rating>\S+)(?:\s+(?<score>\S+))?)?)?(?<comment>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
