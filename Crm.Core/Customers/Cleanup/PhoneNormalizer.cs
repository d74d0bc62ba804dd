using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Crm.Core.Customers.Cleanup;

/// <summary>
/// Normalises mainland Chinese phone numbers: country prefixes (+86, 0086, 86), separators, full-width digits;
/// mobiles are 11 digits starting 13-19; landlines an area code (010 and 02x of three digits, others four) and a
/// 7- or 8-digit number, with an optional extension (转, ext, x, -).
/// </summary>
public static partial class PhoneNormalizer
{
    public static PhoneNumber Normalize(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return new PhoneNumber(phone ?? string.Empty, null, PhoneKind.Invalid, "empty");
        }

        if (phone.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
        {
            return new PhoneNumber(phone, null, PhoneKind.Invalid, "holds a control character");
        }

        if (!UnicodeText.IsWellFormed(phone))
        {
            return new PhoneNumber(phone, null, PhoneKind.Invalid, "holds an unpaired surrogate (broken UTF-16)");
        }

        var text = UnicodeText.Visible(phone).Normalize(NormalizationForm.FormKC).Trim();
        string? extension = null;
        if (Extension().Match(text) is { Success: true } ext)
        {
            extension = ext.Groups[1].Value;
            text = text[..ext.Index];
        }

        var digits = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '+' or '.' or '/'))
            {
                return new PhoneNumber(phone, null, PhoneKind.Invalid, char.IsSurrogate(c) ? $"contains the character U+{char.ConvertToUtf32(text, text.IndexOf(c, StringComparison.Ordinal)):X4}" : $"contains '{c}'");
            }
        }

        var number = digits.ToString();
        if (number.StartsWith("0086", StringComparison.Ordinal))
        {
            number = number[4..];
        }
        else if (number.StartsWith("86", StringComparison.Ordinal) && number.Length is 13 or 12 or 11 && (text.StartsWith('+') || number.Length == 13))
        {
            number = number[2..];
        }

        if (Mobile().IsMatch(number))
        {
            return new PhoneNumber(phone, "+86 " + number, PhoneKind.Mobile, null);
        }

        // Written internationally, a landline drops the trunk 0: +86 21 6234 5678.
        if (!number.StartsWith('0') && number.Length is >= 9 and <= 11)
        {
            number = "0" + number;
        }

        if (Landline().Match(number) is { Success: true } landline)
        {
            var normalized = $"+86 {landline.Groups[1].Value[1..]} {landline.Groups[2].Value}" + (extension is null ? string.Empty : $" ext. {extension}");
            return new PhoneNumber(phone, normalized, PhoneKind.Landline, null);
        }

        return new PhoneNumber(phone, null, PhoneKind.Invalid, $"{number.Length} digits: neither a mobile (1xx, 11 digits) nor a landline (area code and 7-8 digits)");
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^(010|02\d|0[3-9]\d{2})(\d{7,8})$")]
    private static partial Regex Landline();

    [GeneratedRegex(@"(?:转|ext\.?|x|分机)\s*(\d{1,6})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Extension();
}
