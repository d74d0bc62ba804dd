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
        if (DateTime.TryParseExact(text, WithoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return TryInZone(local, zone, out value);
        }

        return DateTimeOffset.TryParseExact(
            text, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
