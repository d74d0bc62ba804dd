using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Normalises company names as they appear across ERP exports, CRM and Excel lists: invisible and control characters
/// dropped, full-width to half-width (NFKC), spaces between Han characters closed up (杭 州 海 川 仪 表), brackets of
/// both widths, the Chinese and English legal forms and their variants (有限公司, 有限责任公司, 股份有限公司, (集团),
/// Co., Ltd., Company Limited, GmbH...), a leading province and city or a city in brackets, case and spacing. The result
/// is for matching; what is shown and stored stays the original.
/// </summary>
public static partial class CompanyNameNormalizer
{
    // Longest first, so that 股份有限公司 is not read as 有限公司 with 股份 left in the name, nor "Pte Ltd" as "Ltd".
    // The short Latin forms carry their leading space, so that "Lab" does not lose its "ab".
    private static readonly (string Pattern, string Canonical)[] LegalForms =
    [
        ("股份有限公司", "股份有限公司"),
        ("有限责任公司", "有限公司"),
        ("有限公司", "有限公司"),
        ("company limited", "Co., Ltd."),
        ("company ltd", "Co., Ltd."),
        ("co., ltd.", "Co., Ltd."),
        ("co.,ltd.", "Co., Ltd."),
        ("co., ltd", "Co., Ltd."),
        ("co.,ltd", "Co., Ltd."),
        ("co. ltd.", "Co., Ltd."),
        ("co. ltd", "Co., Ltd."),
        ("co ltd", "Co., Ltd."),
        (" pte. ltd.", "Pte. Ltd."),
        (" pte ltd.", "Pte. Ltd."),
        (" pte ltd", "Pte. Ltd."),
        ("limited", "Ltd."),
        ("ltd.", "Ltd."),
        ("ltd", "Ltd."),
        ("gmbh", "GmbH"),
        ("inc.", "Inc."),
        ("inc", "Inc."),
        ("corporation", "Corp."),
        ("corp.", "Corp."),
        ("llc", "LLC"),
        (" k.k.", "K.K."),
        (" k.k", "K.K."),
        (" ab", "AB"),
        ("公司", "公司"),
    ];

    public static CompanyName Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = UnicodeText.Visible(name).Normalize(NormalizationForm.FormKC);
        // Emoji and other symbols (and U+FFFD, left by broken text) separate like a space and are no part of a name.
        text = Symbols().Replace(text, " ");
        text = Whitespace().Replace(text, " ").Trim().ToLowerInvariant();
        text = SpacedHan().Replace(text, string.Empty);
        var qualifiers = new List<string>();
        string? place = null;
        foreach (Match bracket in Bracketed().Matches(text))
        {
            var qualifier = bracket.Groups[1].Value.Trim();
            // (集团) says "group", not where: a legal-form variant (浙江正泰电器(集团)股份有限公司).
            if (qualifier.Length > 0 && qualifier != "集团")
            {
                qualifiers.Add(qualifier);
                place ??= ChinesePlaces.AsCity(qualifier);
            }
        }

        text = Bracketed().Replace(text, " ").Trim();
        string? legal = null;
        foreach (var (pattern, canonical) in LegalForms)
        {
            if (text.EndsWith(pattern, StringComparison.Ordinal) && text.Length > pattern.Length)
            {
                legal = canonical;
                text = text[..^pattern.Length].TrimEnd(' ', ',', '.');
                break;
            }
        }

        if (text.EndsWith("集团", StringComparison.Ordinal) && text.Length > 4)
        {
            text = text[..^2].TrimEnd();
        }

        // 江苏省苏州市精工机械: the province, then the city, both qualifiers; a name is never only a place.
        if (ChinesePlaces.ProvinceLength(text) is > 0 and var province && province + 2 <= text.Length)
        {
            qualifiers.Add(text[..province]);
            text = text[province..].TrimStart();
        }

        if (ChinesePlaces.CityAt(text, out var length) is { } city && length + 2 <= text.Length)
        {
            qualifiers.Add(text[..length]);
            place ??= city;
            text = text[length..];
        }

        var core = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                core.Append(rune.ToString());
            }
        }

        return new CompanyName(name, core.ToString(), legal, qualifiers, place);
    }

    /// <summary>
    /// How alike two core names are, 0 to 1: the Dice coefficient of their character bigrams, which works for Chinese
    /// (no word boundaries) and English alike.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 1;
        }

        var left = Bigrams(a);
        var right = Bigrams(b);
        var common = 0;
        foreach (var (gram, count) in left)
        {
            common += Math.Min(count, right.GetValueOrDefault(gram));
        }

        return 2.0 * common / (left.Values.Sum() + right.Values.Sum());
    }

    private static Dictionary<string, int> Bigrams(string text)
    {
        var grams = new Dictionary<string, int>(StringComparer.Ordinal);
        if (text.Length == 1)
        {
            grams[text] = 1;
            return grams;
        }

        for (var i = 0; i + 1 < text.Length; i++)
        {
            var gram = text.Substring(i, 2);
            grams[gram] = grams.GetValueOrDefault(gram) + 1;
        }

        return grams;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\p{So}|\p{Cs}")]
    private static partial Regex Symbols();

    // NFKC has already made （） into ().
    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex Bracketed();

    // Spaces typed between Han characters (杭 州 海 川 仪 表 有 限 公 司), which say nothing.
    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs}) (?=\p{IsCJKUnifiedIdeographs})")]
    private static partial Regex SpacedHan();
}
