using System.Globalization;
using System.Text;
using IntegrationHub.Hub.Host.Hosting;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// The checks of the desk's ticket actions before they touch a ticket (issue 16 item 25: a 5 MB comment was
/// stored, and a ticket could be assigned to a name that is nobody). A refused request is a 400 with a
/// <see cref="DeskError"/> that names the field, its limit and what was sent.
/// </summary>
internal static partial class DeskRequestValidation
{
    /// <summary>The longest comment, in characters (UTF-16 code units).</summary>
    public const int MaxCommentLength = 4000;

    /// <summary>The longest resolution note.</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>The longest reason given with an assignment.</summary>
    public const int MaxReasonLength = 500;

    private const int MaxShown = 60;
    private const int MaxListed = 20;
    private const string Category = "IntegrationHub.Hub.Host.Desk.DeskRequestValidation";

    /// <summary>Null when the comment may be stored; else the 400 to answer.</summary>
    public static IResult? Comment(string? text, string ticketNo, string user, ILoggerFactory loggers) =>
        Refuse(TextProblem(text, "text", MaxCommentLength), "comment", ticketNo, user, loggers);

    /// <summary>Null when the acknowledgement's comment (optional) may be stored; else the 400 to answer.</summary>
    public static IResult? Acknowledge(string? comment, string ticketNo, string user, ILoggerFactory loggers) =>
        Refuse(TextProblem(comment, "comment", MaxCommentLength), "acknowledge", ticketNo, user, loggers);

    /// <summary>Null when the resolution note may be stored; else the 400 to answer.</summary>
    public static IResult? Resolve(string? note, string ticketNo, string user, ILoggerFactory loggers) =>
        Refuse(TextProblem(note, "note", MaxNoteLength), "resolve", ticketNo, user, loggers);

    /// <summary>
    /// Null when <paramref name="assignee"/> is a known person or queue and the reason fits; else the 400 to answer.
    /// Known are the engineers of <c>Hub:Rules:Roster</c> (by id), the fallback queue (<c>Hub:Rules:FallbackQueue</c>)
    /// and enabled desk users.
    /// </summary>
    public static async Task<IResult?> AssignAsync(
        string? assignee, string? reason, string ticketNo, string user, HubOptions options, DeskUsers users, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var problem = TextProblem(reason, "reason", MaxReasonLength);
        if (problem is null && !string.IsNullOrWhiteSpace(assignee))
        {
            var name = assignee.Trim();
            var known = options.Rules.Roster.Any(e => string.Equals(e.Id, name, StringComparison.Ordinal))
                || string.Equals(options.Rules.FallbackQueue, name, StringComparison.Ordinal)
                || (name.Length <= 200 && !HasControl(name) && await users.FindAsync(name, cancellationToken).ConfigureAwait(false) is { DisabledAt: null });
            if (!known)
            {
                var roster = options.Rules.Roster.Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
                var listed = roster.Count == 0 ? "none"
                    : string.Join(", ", roster.Take(MaxListed)) + (roster.Count > MaxListed ? string.Create(CultureInfo.InvariantCulture, $" and {roster.Count - MaxListed} more") : string.Empty);
                problem = new DeskError("unknown_assignee",
                    $"The assignee '{Shown(name)}' is no engineer of Hub:Rules:Roster (ids: {listed}), no enabled desk user and not the queue '{options.Rules.FallbackQueue}'; assign the ticket to one of them.");
            }
        }

        return Refuse(problem, "assign", ticketNo, user, loggers);
    }

    internal static DeskError? TextProblem(string? text, string field, int limit)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > limit)
        {
            return new DeskError("too_long", string.Create(CultureInfo.InvariantCulture, $"The {field} is {text.Length} characters long; the limit is {limit}."));
        }

        for (var i = 0; i < text.Length; i++)
        {
            // Line breaks and tabs are text in a comment; other control characters would forge lines of the
            // ticket history, the notifications and the log (issue 16, Hard rules).
            if ((char.IsControl(text[i]) && text[i] is not ('\r' or '\n' or '\t')) || text[i] is '\u2028' or '\u2029')
            {
                return new DeskError("invalid_text", string.Create(CultureInfo.InvariantCulture, $"The {field} holds the control character U+{(int)text[i]:X4} at position {i + 1}; only line breaks and tabs are allowed."));
            }
        }

        return null;
    }

    private static IResult? Refuse(DeskError? problem, string action, string ticketNo, string user, ILoggerFactory loggers)
    {
        if (problem is null)
        {
            return null;
        }

        LogRefused(loggers.CreateLogger(Category), Shown(user), action, Shown(ticketNo), problem.Message);
        return TypedResults.Json(problem, statusCode: StatusCodes.Status400BadRequest);
    }

    private static bool HasControl(string text) => text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029');

    /// <summary>A value sent by the client, shortened and with control characters escaped, for a message or a log line.</summary>
    internal static string Shown(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return text.Length > MaxShown ? shown.Append(CultureInfo.InvariantCulture, $"... ({text.Length} characters)").ToString() : shown.ToString();
    }

    [LoggerMessage(2150, LogLevel.Information, "Desk user {User} was refused {Action} on ticket {Ticket}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string user, string action, string ticket, string reason);
}
