using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// A survey page's request body, read field by field so that every problem is named (which field, what was found,
/// what is allowed) instead of a bare 400 from model binding: <c>{"token": "...", "rating": 1-5, "score": 0-10,
/// "comment": "..."}</c>. Nothing here touches the store: a bad answer never uses up its link.
/// </summary>
internal sealed record SurveyRequest(string? Token, SurveyAnswer? Answer)
{
    /// <summary>The longest comment kept; a longer one is refused (the customer can shorten it), not cut.</summary>
    public const int MaxCommentLength = 2000;

    /// <summary>The largest body read: room for a comment far over <see cref="MaxCommentLength"/> characters, so that one is told its length rather than cut off.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The token only (the page asking what the link is about); null with a problem when the body is not one.</summary>
    public static (SurveyRequest? Request, string? Problem) ReadToken(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object.");
        }

        var (token, problem) = Text(body, "token");
        return problem is null ? (new SurveyRequest(token, null), null) : (null, problem);
    }

    /// <summary>The token and the answer; null with every problem found when they are not valid.</summary>
    public static (SurveyRequest? Request, string? Problem) ReadAnswer(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object.");
        }

        var problems = new List<string>();
        var (token, tokenProblem) = Text(body, "token");
        Add(problems, tokenProblem);
        var rating = Whole(body, "rating", 1, 5, "the rating (1 = very unhappy, 5 = very happy)", problems);
        var score = Whole(body, "score", 0, 10, "the recommendation score (0 = not at all likely, 10 = extremely likely)", problems);
        var (comment, commentProblem) = Text(body, "comment");
        Add(problems, commentProblem);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is not null && comment.Length > MaxCommentLength)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"comment is {comment.Length} characters; the limit is {MaxCommentLength}."));
        }
        else if (comment is not null && comment.IndexOfAny(ControlCharacters) is var at and >= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"comment has a control character (U+{(int)comment[at]:X4}) at position {at + 1}; only text, tabs and line breaks are kept."));
        }

        return problems.Count > 0 || rating is null || score is null
            ? (null, string.Join(" ", problems))
            : (new SurveyRequest(token, new SurveyAnswer(rating.Value, score.Value, comment)), null);
    }

    private static readonly char[] ControlCharacters =
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), (char)0x7F,
         .. Enumerable.Range(0x80, 0x20).Select(c => (char)c), '\u2028', '\u2029'];

    private static (string? Value, string? Problem) Text(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? (null, null)
        : value.ValueKind == JsonValueKind.String ? (value.GetString(), null)
        : (null, $"{name} must be a string (found {Describe(value)}).");

    private static int? Whole(JsonElement body, string name, int min, int max, string what, List<string> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"{name} is missing: give {what}, a whole number from {min} to {max}.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            problems.Add($"{name} must be a whole number from {min} to {max} (found {Describe(value)}).");
            return null;
        }

        if (number < min || number > max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {number}; {what} is a whole number from {min} to {max}."));
            return null;
        }

        return number;
    }

    private static void Add(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number that is not a whole number in range",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
