using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Normalises mainland Chinese postal addresses as exports spell them: full-width digits and letters, 中国 or
/// 中华人民共和国 in front, a postcode, 省/市/区 written or left out (江苏省苏州市 and 江苏苏州 are one place), and
/// English spellings with Province, City, District, Road. The province is left out of the match key, since exports
/// write it or not; the city at the start is kept apart (<see cref="PostalAddress.City"/>).
/// </summary>
public static partial class AddressNormalizer
{
    public static PostalAddress Normalize(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return new PostalAddress(address ?? string.Empty, string.Empty, null);
        }

        var cleaned = Spaces().Replace(UnicodeText.Visible(address).Normalize(NormalizationForm.FormKC), " ").Trim()
            .Replace('（', '(').Replace('）', ')').Replace('【', '(').Replace('】', ')');
        var key = Postcode().Replace(cleaned, string.Empty);
        key = Country().Replace(key, string.Empty).Trim();
        // The province is written or left out (江苏省苏州市... / 苏州市...): the city says where, so the key starts there.
        var province = ChinesePlaces.ProvinceLength(key);
        var afterProvince = key[province..].TrimStart(' ', ',', '，');
        if (afterProvince.Length > 0)
        {
            key = afterProvince;
        }

        var city = ChinesePlaces.CityAt(key, out _);
        key = ChineseSuffix().Replace(key, "$1");
        key = EnglishSuffix().Replace(key.ToLowerInvariant(), string.Empty);
        key = key.Replace(" road", "rd", StringComparison.Ordinal).Replace("路", "rd", StringComparison.Ordinal);
        var compact = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (char.IsLetterOrDigit(c))
            {
                compact.Append(c);
            }
        }

        return new PostalAddress(address, cleaned, compact.Length == 0 ? null : compact.ToString(), city);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex Postcode();

    [GeneratedRegex(@"^\s*(中华人民共和国|中国|P\.?\s?R\.?\s?China|China)[\s,，]*|[\s,，]*(中华人民共和国|中国|P\.?\s?R\.?\s?China|China)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Country();

    // 省, 市, 区 and 县 after a place name of two or more characters: 江苏省苏州市工业园区 -> 江苏苏州工业园. 自治区 first.
    [GeneratedRegex(@"(\p{IsCJKUnifiedIdeographs}{2,}?)(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|区|县)")]
    private static partial Regex ChineseSuffix();

    [GeneratedRegex(@"\b(province|city|district|prefecture|county)\b")]
    private static partial Regex EnglishSuffix();
}
