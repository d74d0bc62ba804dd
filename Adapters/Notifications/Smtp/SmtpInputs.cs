using System.Globalization;
using System.Text;

namespace IntegrationHub.Adapters.Notifications.Smtp;

/// <summary>
/// What may go into an SMTP command line or a mail header (issue 16 item 2: an address with CR/LF from ERP data went
/// into <c>RCPT TO:</c> and sent a forged message). Addresses are checked against RFC 5321 4.1.2 (<c>Mailbox</c>,
/// with a dot-atom local part, RFC 5322 3.2.3) without SMTPUTF8; header values must hold no control character at
/// all. A value that fails is refused before any connection is made, never cleaned: a cleaned address is a guess.
/// </summary>
internal static class SmtpInputs
{
    /// <summary>RFC 5321 4.5.3.1.3: a path is at most 256 octets including the angle brackets.</summary>
    public const int MaxAddressLength = 254;

    /// <summary>RFC 5321 4.5.3.1.1.</summary>
    public const int MaxLocalPartLength = 64;

    private const int MaxShown = 80;

    // RFC 5322 3.2.3 atext, plus '.' between atoms.
    private const string LocalSpecials = "!#$%&'*+-/=?^_`{|}~.";

    /// <summary>Why <paramref name="address"/> cannot be sent to, or null when it can.</summary>
    public static string? AddressProblem(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "is empty";
        }

        if (FirstControl(address) is { } control)
        {
            return $"holds the control character {Describe(address[control])} at position {control + 1}";
        }

        if (address.Length > MaxAddressLength)
        {
            return $"is {address.Length} characters long; the limit is {MaxAddressLength} (RFC 5321 4.5.3.1.3)";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return "is not name@domain";
        }

        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        if (local.Length > MaxLocalPartLength)
        {
            return $"has a local part of {local.Length} characters; the limit is {MaxLocalPartLength} (RFC 5321 4.5.3.1.1)";
        }

        foreach (var c in address)
        {
            if (c > '~')
            {
                return $"holds the non-ASCII character {Describe(c)}; this client does not use SMTPUTF8 (RFC 6531), write the domain in its xn-- form";
            }
        }

        foreach (var c in local)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !LocalSpecials.Contains(c, StringComparison.Ordinal))
            {
                return $"holds {Describe(c)} in its local part, which RFC 5321 4.1.2 allows only in a quoted string (not supported)";
            }
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return "has an empty atom in its local part (a leading, trailing or double dot)";
        }

        foreach (var c in domain)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.'))
            {
                return $"holds {Describe(c)} in its domain, which allows only letters, digits, '-' and '.'";
            }
        }

        return domain[0] == '.' || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal)
            ? "has an empty label in its domain"
            : null;
    }

    /// <summary>Why <paramref name="value"/> cannot be a header value (subject, display name), or null when it can.</summary>
    public static string? HeaderProblem(string value) =>
        FirstControl(value) is { } control
            ? $"holds the control character {Describe(value[control])} at position {control + 1}"
            : null;

    /// <summary>
    /// Why <paramref name="value"/> cannot be the sender's display name, or null when it can: a control character, or
    /// <c>=?</c>, which mail readers would decode as an RFC 2047 encoded word into other text (MimeKit writes an ASCII
    /// name as it is). The subject has no such limit: <see cref="LiteralSubject"/> encodes it.
    /// </summary>
    public static string? DisplayNameProblem(string value) =>
        HeaderProblem(value) ?? (value.Contains("=?", StringComparison.Ordinal)
            ? "holds '=?', which mail readers would decode as an RFC 2047 encoded word; write the name as plain text (the hub encodes it)"
            : null);

    /// <summary>
    /// The index of the first character that could end or forge a line: C0 and C1 controls, DEL, and the Unicode
    /// line and paragraph separators.
    /// </summary>
    public static int? FirstControl(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]) || value[i] is '\u2028' or '\u2029')
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="value"/> fit for an error message or a log line: control characters written as escapes
    /// (<c>\r</c>, <c>\n</c>, <c>\u001B</c>) and at most 80 characters.
    /// </summary>
    public static string Printable(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var text = new StringBuilder();
        foreach (var c in value.Length > MaxShown ? value[..MaxShown] : value)
        {
            text.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\\' => "\\\\",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return value.Length > MaxShown ? text.Append(CultureInfo.InvariantCulture, $"... ({value.Length} characters)").ToString() : text.ToString();
    }

    private static string Describe(char c) => c switch
    {
        '\r' => "CR",
        '\n' => "LF",
        '\t' => "TAB",
        _ when char.IsControl(c) || c is '\u2028' or '\u2029' => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}"),
        _ => $"'{c}'",
    };
}
