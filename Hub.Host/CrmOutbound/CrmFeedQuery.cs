using System.Globalization;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The change feed's query string, checked before any work: <c>after</c> (a cursor), <c>kinds</c> (comma-separated),
/// <c>limit</c>. Each refusal names the parameter and what was wrong, quoting the value safely.
/// </summary>
internal sealed record CrmFeedQuery(string? After, IReadOnlyList<string>? Kinds, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>More than the feed has kinds, with room for repeats; a longer list is a mistake or an attack.</summary>
    public const int MaxKinds = 32;

    /// <summary>The longest <c>kinds</c> parameter, in characters.</summary>
    public const int MaxKindsLength = 1000;

    // Names under which clients habitually put credentials in a URL.
    private static readonly HashSet<string> KeyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "apikey", "api_key", "api-key", "x-api-key", "token", "access_token", "auth", "authorization",
    };

    private static readonly string[] Known = ["after", "kinds", "limit"];

    /// <summary>A parameter that carries an API key, if the URL has one (refused before anything else, whatever the key).</summary>
    public static string? KeyParameter(IQueryCollection query) =>
        query.FirstOrDefault(p => KeyNames.Contains(p.Key) || p.Value.Any(v => v is not null && CrmApiKeys.LooksLikeKey(v))).Key;

    /// <summary>The query, or the error that refuses it (400, naming the parameter).</summary>
    public static (CrmFeedQuery? Query, CrmError? Error) Parse(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                return Fail(name, "unknown_parameter", $"Unknown parameter {CrmText.Quote(name)}; the change feed takes after, kinds and limit.");
            }

            if (values.Count > 1)
            {
                return Fail(name, "repeated_parameter", $"Parameter {name} is given {values.Count} times; give it once (kinds takes a comma-separated list).");
            }
        }

        var after = Single(query, "after");
        if (after is { Length: > CrmCursor.MaxLength })
        {
            return Fail("after", "invalid_cursor", $"Parameter after is {after.Length} characters long, longer than any cursor of this feed; pass the 'next' value of the previous page as it is.");
        }

        var limit = DefaultLimit;
        if (Single(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Fail("limit", "invalid_limit", $"Parameter limit is {CrmText.Quote(limitText)}; give a whole number from 1 to {MaxLimit}.");
        }

        IReadOnlyList<string>? kinds = null;
        if (Single(query, "kinds") is { } kindsText)
        {
            if (kindsText.Length > MaxKindsLength)
            {
                return Fail("kinds", "invalid_kinds", $"Parameter kinds is {kindsText.Length} characters long; list at most {MaxKinds} kinds ({string.Join(',', CrmKinds.All)}).");
            }

            var names = kindsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length is 0 or > MaxKinds)
            {
                return Fail("kinds", "invalid_kinds", $"Parameter kinds lists {names.Length} kinds; list 1 to {MaxKinds} of {string.Join(',', CrmKinds.All)}, or leave it out for every kind the key allows.");
            }

            var unknown = names.Where(n => CrmKinds.Find(n) is null).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                return Fail("kinds", "unknown_kind",
                    $"Parameter kinds names {unknown.Count} unknown kind(s): {string.Join(", ", unknown.Take(5).Select(n => CrmText.Quote(n)))}; known: {string.Join(',', CrmKinds.All)}.");
            }

            kinds = [.. names.Select(n => CrmKinds.Find(n)!).Distinct(StringComparer.Ordinal)];
        }

        return (new CrmFeedQuery(after, kinds, limit), null);
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values is [{ } value] ? value : null;

    private static (CrmFeedQuery?, CrmError?) Fail(string parameter, string code, string message) =>
        (null, new CrmError(code, message, parameter));
}
