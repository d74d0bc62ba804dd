using System.Globalization;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// The Message-ID of an outbox message (RFC 5322 3.6.4: <c>"&lt;" id-left "@" id-right "&gt;"</c>, both dot-atom-text):
/// <c>outbox.{key}@{the From address's domain}</c>. A function of the message's identity only, so every attempt on every
/// node writes the same one and a receiving system that drops repeated Message-IDs keeps one copy of a message sent
/// again across a node crash (issue 18 item 3, the at-least-once window). The key is the outbox id, a random GUID,
/// which makes it unique across installations without a per-store id; the domain keeps it apart from other senders.
/// </summary>
internal static class MessageIds
{
    /// <summary>The longest key taken: the outbox's ids are 32 characters; the limit keeps the header line short.</summary>
    public const int MaxKeyLength = 100;

    private const string Prefix = "outbox.";

    // RFC 5322 3.2.3 atext besides letters and digits. '@', '<', '>', '"', '(', ')', ',', ';', ':', '\', '[', ']', space
    // and every control character are outside it, so none of them can end the header or the msg-id early.
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>The msg-id (without its angle brackets) for <paramref name="key"/>, or null with the reason.</summary>
    public static string? Create(string key, string from, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(from);
        var domain = from[(from.LastIndexOf('@') + 1)..];
        problem = DotAtomProblem(key, MaxKeyLength) is { } keyProblem
            ? $"the message's id '{SmtpInputs.Printable(key)}' {keyProblem}, so it cannot make the Message-ID"
            : DotAtomProblem(domain, SmtpInputs.MaxAddressLength) is { } domainProblem
                ? $"the sender's domain '{SmtpInputs.Printable(domain)}' {domainProblem}, so it cannot make the Message-ID"
                : null;
        return problem is null ? Prefix + key + "@" + domain : null;
    }

    /// <summary>Why <paramref name="value"/> is not RFC 5322 dot-atom-text of at most <paramref name="max"/> characters, or null.</summary>
    private static string? DotAtomProblem(string value, int max)
    {
        if (value.Length == 0)
        {
            return "is empty";
        }

        if (value.Length > max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is {value.Length} characters long; the limit is {max}");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && !AtextSpecials.Contains(c, StringComparison.Ordinal))
            {
                var shown = char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}") : $"'{c}'";
                return string.Create(CultureInfo.InvariantCulture, $"holds {shown} at position {i + 1}, which RFC 5322 3.6.4 does not allow in a Message-ID");
            }
        }

        return value[0] == '.' || value[^1] == '.' || value.Contains("..", StringComparison.Ordinal)
            ? "has a leading, trailing or double dot, which RFC 5322 3.2.3 does not allow"
            : null;
    }
}
