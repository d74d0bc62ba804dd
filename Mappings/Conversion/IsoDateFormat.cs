using System.Globalization;

namespace IntegrationHub.Mappings.Conversion;

/// <summary>
/// ISO 8601 dates and times (<c>2025-10-22</c>, <c>2025-10-22T08:30:00</c>, <c>2025-10-22 08:30:00+08:00</c>,
/// <c>...Z</c>), the default when a date field names no format. Without an offset, a wall-clock time in the
/// mapping's zone.
/// </summary>
internal sealed class IsoDateFormat : DateFormat
{
    public const string Keyword = "iso";

    private static readonly string[] WithOffset =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    private static readonly string[] WithoutOffset =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    public static IsoDateFormat Instance { get; } = new();

    public override string Name => Keyword;

    public override bool TryParse(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        // Telemetry carries a timestamp in every reading; trying the eleven patterns in turn was most of the mapping's
        // time. The usual shapes are read by hand, anything else by the patterns, which decide as before.
        if (TryParseUsual(text, out var usual, out var offset))
        {
            if (offset is { } known)
            {
                value = new DateTimeOffset(usual, known);
                return true;
            }

            return TryInZone(usual, zone, out value);
        }

        return TryParsePatterns(text, zone, out value);
    }

    /// <summary>The patterns alone: every shape this format accepts.</summary>
    internal static bool TryParsePatterns(string text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        if (DateTime.TryParseExact(text, WithoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return TryInZone(local, zone, out value);
        }

        return DateTimeOffset.TryParseExact(
            text, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss</c> (or a space for the T), with 1 to 7 digits of fraction, and <c>Z</c>, <c>+hh:mm</c>,
    /// <c>-hh:mm</c> or no offset. False for anything else, including dates that do not exist, which the patterns
    /// then judge.
    /// </summary>
    internal static bool TryParseUsual(string text, out DateTime local, out TimeSpan? offset)
    {
        local = default;
        offset = null;
        var s = text.AsSpan();
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':'
            || !TwoDigits(s, 0, out var century) || !TwoDigits(s, 2, out var yearOfCentury) || !TwoDigits(s, 5, out var month)
            || !TwoDigits(s, 8, out var day) || !TwoDigits(s, 11, out var hour) || !TwoDigits(s, 14, out var minute)
            || !TwoDigits(s, 17, out var second))
        {
            return false;
        }

        var year = (century * 100) + yearOfCentury;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = 19;
        long fractionTicks = 0;
        if (position < s.Length && s[position] == '.')
        {
            var digits = 0;
            position++;
            while (position < s.Length && char.IsAsciiDigit(s[position]) && digits < 7)
            {
                fractionTicks = (fractionTicks * 10) + (s[position] - '0');
                digits++;
                position++;
            }

            if (digits == 0 || (position < s.Length && char.IsAsciiDigit(s[position])))
            {
                return false;
            }

            for (var d = digits; d < 7; d++)
            {
                fractionTicks *= 10;
            }
        }

        if (position == s.Length)
        {
            offset = null;
        }
        else if (s[position] == 'Z' && position + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if ((s[position] == '+' || s[position] == '-') && position + 6 == s.Length && s[position + 3] == ':'
            && TwoDigits(s, position + 1, out var offsetHours) && TwoDigits(s, position + 4, out var offsetMinutes)
            && offsetMinutes < 60 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            var magnitude = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = s[position] == '-' ? -magnitude : magnitude;
        }
        else
        {
            return false;
        }

        local = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks);
        if (offset is { } known)
        {
            // DateTimeOffset refuses a UTC time outside DateTime's range (e.g. 0001-01-01T00:00:00+01:00).
            var utcTicks = local.Ticks - known.Ticks;
            if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        if (char.IsAsciiDigit(s[at]) && char.IsAsciiDigit(s[at + 1]))
        {
            value = ((s[at] - '0') * 10) + (s[at + 1] - '0');
            return true;
        }

        value = 0;
        return false;
    }
}
