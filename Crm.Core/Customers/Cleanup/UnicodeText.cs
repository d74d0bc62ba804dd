using System.Text;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Makes text from an export safe to normalise: an unpaired surrogate (which makes <see cref="string.Normalize()"/>
/// throw) becomes U+FFFD, a control character a space, and invisible format characters (zero-width space, joiners,
/// byte-order marks, bidirectional marks), which people paste without seeing, are dropped.
/// </summary>
internal static class UnicodeText
{
    public static string Visible(string text)
    {
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                replacement = "\uFFFD";
            }
            else if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                replacement = " ";
            }
            else if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                replacement = string.Empty;
            }

            if (replacement is null)
            {
                clean?.Append(c);
                continue;
            }

            clean ??= new StringBuilder(text.Length).Append(text, 0, i);
            clean.Append(replacement);
        }

        return clean?.ToString() ?? text;
    }

    /// <summary>Whether every surrogate of <paramref name="text"/> is half of a pair (else it cannot be normalised).</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
