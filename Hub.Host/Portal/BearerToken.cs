namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c> once, for authentication and the per-token rate limit alike
/// (issue 16 item 7: the limit was keyed on the header's spelling). The scheme is case-insensitive (RFC 9110 §11.1),
/// whitespace around and between the parts is tolerated; a token holding whitespace is malformed (RFC 6750 §2.1).
/// </summary>
internal static class BearerToken
{
    private const string Scheme = "Bearer";

    /// <summary>What the header holds.</summary>
    public enum Kind
    {
        /// <summary>No header, or another scheme: not the portal's business.</summary>
        None,

        /// <summary>The Bearer scheme with no token, or a token with whitespace inside.</summary>
        Malformed,

        /// <summary>The Bearer scheme and one token.</summary>
        Token,
    }

    public static Kind Parse(string? header, out string token)
    {
        token = string.Empty;
        var text = (header ?? string.Empty).AsSpan().Trim();
        if (text.Length < Scheme.Length || !text[..Scheme.Length].Equals(Scheme, StringComparison.OrdinalIgnoreCase)
            || (text.Length > Scheme.Length && !char.IsWhiteSpace(text[Scheme.Length])))
        {
            return Kind.None;
        }

        var value = text[Scheme.Length..].Trim();
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return Kind.Malformed;
            }
        }

        if (value.IsEmpty)
        {
            return Kind.Malformed;
        }

        token = value.ToString();
        return Kind.Token;
    }
}
