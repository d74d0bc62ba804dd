using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Normalises the e-mail addresses of a customer master: full-width characters (＠, ．, full-width letters) to
/// half-width, a <c>mailto:</c> prefix, spaces, angle brackets and trailing punctuation removed, the domain in lower
/// case (the local part is left as written: some servers tell cases apart). Domains one typing slip away from a
/// common provider (<c>qq.con</c>, <c>163.cm</c>, <c>gmial.com</c>) get a suggestion, which a person confirms.
/// </summary>
public static partial class EmailNormalizer
{
    private static readonly string[] Providers =
    [
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "foxmail.com", "139.com", "aliyun.com", "yeah.net",
        "gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
    ];

    public static EmailAddress Normalize(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return new EmailAddress(email ?? string.Empty, null, null, "empty");
        }

        // A control character is never a spelling to clean up: the address was built to break a protocol line
        // (issue 16 item 2), so it is invalid, whatever the rest of it looks like.
        if (email.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            return new EmailAddress(email, null, null, "holds a control character");
        }

        if (!UnicodeText.IsWellFormed(email))
        {
            return new EmailAddress(email, null, null, "holds an unpaired surrogate (broken UTF-16)");
        }

        // Zero-width spaces and other invisible format characters come with copy and paste; they are no part of an address.
        var text = UnicodeText.Visible(email).Normalize(NormalizationForm.FormKC).Replace('。', '.').Trim();
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["mailto:".Length..];
        }

        char[] trailing = ['.', ',', ';', '，', '；'];
        text = text.Replace(" ", string.Empty, StringComparison.Ordinal).TrimEnd(trailing).Trim('<', '>', '"', '\'').TrimEnd(trailing);
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            return new EmailAddress(email, null, null, "no name@domain");
        }

        var local = text[..at];
        var domain = text[(at + 1)..].ToLowerInvariant();
        var address = local + "@" + domain;
        if (EmailRules.Problem(address) is { } problem)
        {
            return new EmailAddress(email, null, null, $"'{address}' {problem}");
        }

        if (!Shape().IsMatch(address))
        {
            return new EmailAddress(email, null, null, $"'{address}' is not name@domain.tld");
        }

        if (!Providers.Contains(domain) && Providers.FirstOrDefault(p => OneSlipAway(domain, p)) is { } provider)
        {
            return new EmailAddress(email, address, local + "@" + provider, $"the domain {domain} is probably {provider}");
        }

        return new EmailAddress(email, address, null, null);
    }

    // One character changed, added, dropped, or two neighbours swapped (Damerau distance 1).
    private static bool OneSlipAway(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (a.Length == b.Length)
        {
            return a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1))
                || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2)));
        }

        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }

    [GeneratedRegex(@"^[^@\s]+@[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}$")]
    private static partial Regex Shape();
}
