using System.Globalization;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>
/// A .NET custom date format such as <c>yyyy-MM-dd HH:mm:ss</c> or <c>yyyyMMdd</c>, read with the invariant
/// culture. A format with an offset specifier (<c>z</c>, <c>K</c>) reads the offset from the text (none means
/// UTC); any other is a wall-clock time in the mapping's time zone.
/// </summary>
internal sealed class PatternDateFormat : DateFormat
{
    private readonly string _pattern;
    private readonly bool _hasOffset;

    private PatternDateFormat(string pattern, bool hasOffset)
    {
        _pattern = pattern;
        _hasOffset = hasOffset;
    }

    public override string Name => _pattern;

    /// <summary>Checks a format once, at load: it must be valid and able to read back what it writes.</summary>
    public static bool TryCreate(string pattern, out PatternDateFormat? format, out string? error)
    {
        format = null;
        var specifiers = Specifiers(pattern);
        if (pattern.Length > 1 && !(specifiers.Contains('y') && specifiers.Contains('d')
            && (specifiers.Contains('M') || specifiers.Contains("mm", StringComparison.Ordinal))))
        {
            error = $"date format '{pattern}' needs a year (yyyy), a month (MM) and a day (dd)";
            return false;
        }

        if (specifiers.Contains("mm", StringComparison.Ordinal) && !specifiers.Contains('M')
            && !specifiers.Contains('H') && !specifiers.Contains('h'))
        {
            error = $"date format '{pattern}' uses 'mm', which means minutes; write 'MM' for the month";
            return false;
        }

        var hasOffset = specifiers.Contains('z') || specifiers.Contains('K');
        var candidate = new PatternDateFormat(pattern, hasOffset);
        var sample = new DateTimeOffset(2025, 10, 22, 13, 45, 30, 123, TimeSpan.FromHours(8));
        string written;
        try
        {
            written = sample.ToString(pattern, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            error = $"'{pattern}' is not a valid .NET date format; write one such as yyyy-MM-dd HH:mm:ss";
            return false;
        }

        if (!candidate.TryParse(written, TimeZoneInfo.Utc, out _))
        {
            error = $"date format '{pattern}' cannot read the dates it describes (it writes '{written}'); "
                + "check for repeated or conflicting specifiers";
            return false;
        }

        format = candidate;
        error = null;
        return true;
    }

    public override bool TryParse(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        if (_hasOffset)
        {
            return DateTimeOffset.TryParseExact(
                text, _pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
        }

        if (DateTime.TryParseExact(text, _pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return TryInZone(local, zone, out value);
        }

        value = default;
        return false;
    }

    /// <summary>The pattern without its quoted and escaped literals.</summary>
    private static string Specifiers(string pattern)
    {
        var builder = new System.Text.StringBuilder(pattern.Length);
        char? quote = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
