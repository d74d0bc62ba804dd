using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Normalises company names as they appear across ERP exports, CRM and Excel lists: full-width to half-width
/// (NFKC), brackets of both widths, the Chinese and English legal forms and their variants, a leading city, case and
/// spacing. The result is for matching; what is shown and stored stays the original.
/// </summary>
public static partial class CompanyNameNormalizer
{
    // Longest first, so that 股份有限公司 is not read as 有限公司 with 股份 left in the name.
    private static readonly (string Pattern, string Canonical)[] LegalForms =
    [
        ("股份有限公司", "股份有限公司"),
        ("有限责任公司", "有限公司"),
        ("有限公司", "有限公司"),
        ("company limited", "Co., Ltd."),
        ("co., ltd.", "Co., Ltd."),
        ("co.,ltd.", "Co., Ltd."),
        ("co., ltd", "Co., Ltd."),
        ("co.,ltd", "Co., Ltd."),
        ("co ltd", "Co., Ltd."),
        ("limited", "Ltd."),
        ("ltd.", "Ltd."),
        ("ltd", "Ltd."),
        ("gmbh", "GmbH"),
        ("inc.", "Inc."),
        ("inc", "Inc."),
        ("corporation", "Corp."),
        ("corp.", "Corp."),
        ("llc", "LLC"),
        ("公司", "公司"),
    ];

    // Cities that registered names often start with without the 市; with 市, any city is recognised.
    private static readonly string[] Cities =
    [
        "北京", "上海", "天津", "重庆", "深圳", "广州", "苏州", "无锡", "常州", "昆山", "南京", "杭州", "宁波", "温州", "台州", "嘉兴",
        "青岛", "济南", "厦门", "福州", "东莞", "佛山", "中山", "成都", "武汉", "长沙", "郑州", "西安", "合肥", "大连", "沈阳",
    ];

    public static CompanyName Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Normalize(NormalizationForm.FormKC).Trim();
        text = Whitespace().Replace(text, " ").ToLowerInvariant();
        var qualifiers = new List<string>();
        foreach (Match bracket in Bracketed().Matches(text))
        {
            qualifiers.Add(bracket.Groups[1].Value.Trim());
        }

        text = Bracketed().Replace(text, " ").Trim();
        string? legal = null;
        foreach (var (pattern, canonical) in LegalForms)
        {
            if (text.EndsWith(pattern, StringComparison.Ordinal))
            {
                legal = canonical;
                text = text[..^pattern.Length].TrimEnd(' ', ',', '.');
                break;
            }
        }

        if (LeadingCity().Match(text) is { Success: true } city && city.Length < text.Length)
        {
            qualifiers.Add(city.Value);
            text = text[city.Length..];
        }
        else if (Cities.FirstOrDefault(c => text.StartsWith(c, StringComparison.Ordinal) && text.Length > c.Length + 1) is { } known)
        {
            qualifiers.Add(known);
            text = text[known.Length..];
        }

        var core = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                core.Append(c);
            }
        }

        return new CompanyName(name, core.ToString(), legal, qualifiers);
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

    // NFKC has already made （） into ().
    [GeneratedRegex(@"\(([^()]*)\)")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}]{2,4}?[市省]")]
    private static partial Regex LeadingCity();
}
