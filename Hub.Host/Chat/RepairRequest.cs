using System.Text.RegularExpressions;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// A chat message that reports a problem (issue 24 item 1): "报修 EQ-C001-01 主轴异响" or "repair EQ-C001-01 spindle
/// noise", with or without the robot's @-mention in front; the machine id comes first, the description after it.
/// Chinese reports get Chinese answers.
/// </summary>
internal sealed partial record RepairRequest(string AssetId, string Text, bool Chinese)
{
    public static RepairRequest? Parse(string? text)
    {
        var match = Pattern().Match(text ?? string.Empty);
        return match.Success
            ? new RepairRequest(match.Groups["asset"].Value, match.Groups["text"].Value.Trim(), match.Groups["verb"].Value == "报修")
            : null;
    }

    [GeneratedRegex(@"^\s*(?:@\S+\s+)*(?<verb>报修|repair)(?:\s*[:：]\s*|\s+)(?<asset>[A-Za-z0-9][A-Za-z0-9\-_./]{0,63})(?=\s|$)(?<text>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
