using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace IntegrationHub.Adapters.Sql;

/// <summary>
/// A watermark as one comparable number: UTC ticks for timestamps, the value for versions, a rowversion with its top
/// bit flipped (see <see cref="RowVersion"/>). Stored as text a human can read (ISO 8601, the number, or 0x and 16
/// hexadecimal digits), one form per kind, so that a watermark stored under another kind is refused, not misread.
/// </summary>
public static class Watermark
{
    /// <summary>The value of a watermark column in a row; <paramref name="what"/> names the source and column in errors.</summary>
    public static long FromColumn(object value, WatermarkKind kind, string what) => (kind, value) switch
    {
        (WatermarkKind.Timestamp, DateTime d) => (d.Kind == DateTimeKind.Local ? d.ToUniversalTime() : d).Ticks,
        (WatermarkKind.Timestamp, DateTimeOffset o) => o.UtcTicks,
        (WatermarkKind.Timestamp, string s) => Parse(s, kind, what),
        (WatermarkKind.Version, string s) => Parse(s, kind, what),
        (WatermarkKind.Version, _) when value is IConvertible and not DBNull => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        (WatermarkKind.RowVersion, byte[] bytes) => RowVersion.FromBytes(bytes, what),
        _ => throw new FormatException(
            $"{what} holds {value.GetType().Name} '{Shown(value)}', which is not a {kind} watermark ({Expected(kind)})."),
    };

    /// <summary>
    /// The watermark column of the current row, read with the typed getter for the usual types (no boxing per row;
    /// issue 17, "Benchmarks"), else as <see cref="FromColumn"/> reads the value. The column must not be null.
    /// </summary>
    public static long Read(DbDataReader reader, int ordinal, WatermarkKind kind, string what)
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

        return FromColumn(reader.GetValue(ordinal), kind, what);
    }

    public static string Format(long value, WatermarkKind kind) => kind switch
    {
        WatermarkKind.Timestamp => new DateTime(value, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture), // yyyy-MM-ddTHH:mm:ss.fffffffZ, without parsing a pattern
        WatermarkKind.RowVersion => RowVersion.Format(value),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

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

        if (kind == WatermarkKind.RowVersion && RowVersion.TryParse(text, out var rowVersion))
        {
            return rowVersion;
        }

        throw new FormatException($"{what} is '{Shown(text)}', which is not a {kind} watermark ({Expected(kind)}).");
    }

    /// <summary>
    /// Sets <c>@watermark</c>: a UTC DateTime for timestamps, a long for versions, the 8 bytes of a rowversion as
    /// binary(8) (on SQL Server <see cref="SqlDbType.Binary"/>, which the server compares with a rowversion column
    /// byte by byte, as it orders rowversions).
    /// </summary>
    public static void Bind(DbParameter parameter, long value, WatermarkKind kind)
    {
        switch (kind)
        {
            case WatermarkKind.Timestamp:
                parameter.Value = new DateTime(Math.Max(value, 0), DateTimeKind.Utc);
                break;
            case WatermarkKind.RowVersion:
                parameter.DbType = DbType.Binary;
                parameter.Size = RowVersion.Length;
                if (parameter is SqlParameter sql)
                {
                    sql.SqlDbType = SqlDbType.Binary;
                }

                parameter.Value = RowVersion.ToBytes(value);
                break;
            default:
                parameter.Value = value;
                break;
        }
    }

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

    private static string Expected(WatermarkKind kind) => kind switch
    {
        WatermarkKind.Timestamp => "an ISO 8601 time or a date and time column",
        WatermarkKind.Version => "a whole number",
        _ => "0x and up to 16 hexadecimal digits, or a rowversion column of 8 bytes",
    };

    // A hostile column or setting may hold megabytes or control characters: the message shows a short, printable part.
    private static string Shown(object value)
    {
        const int Most = 40;
        var text = value is byte[] bytes ? "0x" + Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, Most))) : value.ToString() ?? "";
        var head = text.Length > Most ? text[..Most] : text;
        var printable = string.Create(head.Length, head, (span, shown) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(shown[i]) ? '?' : shown[i];
            }
        });
        return text.Length > Most ? printable + "..." : printable;
    }
}
