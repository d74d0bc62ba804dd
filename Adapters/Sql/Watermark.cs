using System.Data.Common;
using System.Globalization;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// A watermark as one comparable number: UTC ticks for timestamps, the value for versions. Stored as text a human
/// can read (ISO 8601 or the number).
/// </summary>
public static class Watermark
{
    /// <summary>The value of a watermark column in a row.</summary>
    public static long FromColumn(object value, WatermarkKind kind, string column) => (kind, value) switch
    {
        (WatermarkKind.Timestamp, DateTime d) => (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).Ticks,
        (WatermarkKind.Timestamp, DateTimeOffset o) => o.UtcTicks,
        (WatermarkKind.Timestamp, string s) => Parse(s, kind, column),
        (WatermarkKind.Version, string s) => Parse(s, kind, column),
        (WatermarkKind.Version, _) when value is IConvertible => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Column {column} holds {value.GetType().Name} '{value}', which is not a {kind} watermark."),
    };

    /// <summary>
    /// The watermark column of the current row, read with the typed getter for the usual types (no boxing per row;
    /// issue 17, "Benchmarks"), else as <see cref="FromColumn"/> reads the value. The column must not be null.
    /// </summary>
    public static long Read(DbDataReader reader, int ordinal, WatermarkKind kind, string column)
    {
        var type = reader.GetFieldType(ordinal);
        if (kind == WatermarkKind.Timestamp && type == typeof(DateTime))
        {
            var d = reader.GetDateTime(ordinal);
            return (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).Ticks;
        }

        if (kind == WatermarkKind.Version && type == typeof(long))
        {
            return reader.GetInt64(ordinal);
        }

        return FromColumn(reader.GetValue(ordinal), kind, column);
    }

    public static string Format(long value, WatermarkKind kind) => kind == WatermarkKind.Timestamp
        ? new DateTime(value, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture) // yyyy-MM-ddTHH:mm:ss.fffffffZ, without parsing a pattern
        : value.ToString(CultureInfo.InvariantCulture);

    public static long Parse(string text, WatermarkKind kind, string what)
    {
        if (kind == WatermarkKind.Timestamp
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.UtcTicks;
        }

        if (kind == WatermarkKind.Version && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        throw new FormatException($"{what} is '{text}', which is not a {kind} watermark (ISO 8601 time or a whole number).");
    }

    /// <summary>The value bound to <c>@watermark</c>: a UTC DateTime for timestamps, a long for versions.</summary>
    public static object ToParameter(long value, WatermarkKind kind) =>
        kind == WatermarkKind.Timestamp ? new DateTime(Math.Max(value, 0), DateTimeKind.Utc) : value;

    /// <summary>Where a poll starts: the overlap window before the stored watermark.</summary>
    public static long Lower(long value, long overlap, WatermarkKind kind)
    {
        if (kind == WatermarkKind.Timestamp)
        {
            var step = overlap * TimeSpan.TicksPerSecond;
            return value > step ? value - step : 0;
        }

        return value > long.MinValue + overlap ? value - overlap : long.MinValue;
    }
}
