using System.Text.RegularExpressions;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// A chat message that asks for an order: "查订单 SO-2025-1022-087", "订单 SO-…", "order SO-…" (any case, with or
/// without the robot's @-mention in front). Chinese questions get Chinese answers.
/// </summary>
internal sealed partial record OrderQuestion(string OrderNo, bool Chinese)
{
    public static OrderQuestion? Parse(string? text)
    {
        var match = Pattern().Match(text ?? string.Empty);
        return match.Success ? new OrderQuestion(match.Groups["no"].Value, match.Groups["verb"].Value.Contains('订', StringComparison.Ordinal)) : null;
    }

    [GeneratedRegex(@"(?<verb>查询?订单|订单|order)\s*[:：]?\s*(?<no>[A-Za-z0-9][A-Za-z0-9\-_/.]{2,63})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
