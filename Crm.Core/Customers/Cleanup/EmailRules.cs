namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// The least an e-mail address must be to be stored at all (issue 16 item 2: an address with CR/LF from ERP data
/// reached the mail channel's <c>RCPT TO:</c>). Looser than <see cref="EmailNormalizer"/>, which also judges typing
/// slips for the data-quality report; stricter on what could break a protocol line or a header.
/// </summary>
public static class EmailRules
{
    /// <summary>RFC 5321 4.5.3.1.3: a path is at most 256 octets including its angle brackets.</summary>
    public const int MaxLength = 254;

    /// <summary>RFC 5321 4.5.3.1.1.</summary>
    public const int MaxLocalPartLength = 64;

    // Characters that delimit or quote addresses in a header or an SMTP command (RFC 5322 3.2.3 specials), or
    // separate two addresses written in one field.
    private const string Delimiters = "<>()[]\\,;:\"";

    /// <summary>Why <paramref name="address"/> is not one e-mail address that can be stored, or null when it is.</summary>
    public static string? Problem(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return $"holds the control character U+{(int)c:X4} at position {i + 1}";
            }

            if (char.IsWhiteSpace(c))
            {
                return $"holds a space at position {i + 1}; an address has none";
            }

            if (Delimiters.Contains(c, StringComparison.Ordinal))
            {
                return $"holds '{c}' at position {i + 1}; write one plain address (name@domain), without brackets, quotes or a second address";
            }
        }

        if (address.Length > MaxLength)
        {
            return $"is {address.Length} characters long; an address has at most {MaxLength}";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return address.Contains('＠', StringComparison.Ordinal) ? "is not name@domain: it has a full-width ＠; write @" : "is not name@domain";
        }

        if (address.IndexOf('@', StringComparison.Ordinal) != at)
        {
            return "holds more than one @";
        }

        return at > MaxLocalPartLength ? $"has a name part of {at} characters before the @; the limit is {MaxLocalPartLength}" : null;
    }
}
