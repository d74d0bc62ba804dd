using System.Data.Common;
using System.Globalization;

namespace IntegrationHub.Adapters.Sql;

/// <summary>Database values as the culture-invariant text that mappings read, whatever the server's locale.</summary>
internal static class SqlValueText
{
    public static string? Of(object value) => value switch
    {
        DBNull => null,
        string s => s,
        DateTime d => Of(d),
        DateTimeOffset o => o.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        Guid g => g.ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// The value of column <paramref name="ordinal"/> of the current row, the same text as <see cref="Of(object)"/>
    /// gives for <see cref="DbDataReader.GetValue"/>, read with the typed getter where the type is a common one, so
    /// that a number or a time is not boxed on the way (issue 17, "Benchmarks": the poller's CPU per row). The type
    /// is asked for each row: SQLite's columns have no fixed type.
    /// </summary>
    public static string? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var type = reader.GetFieldType(ordinal);
        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => reader.GetString(ordinal),
            TypeCode.DateTime => Of(reader.GetDateTime(ordinal)),
            TypeCode.Int32 => reader.GetInt32(ordinal).ToString(CultureInfo.InvariantCulture),
            TypeCode.Int64 => reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
            TypeCode.Int16 => reader.GetInt16(ordinal).ToString(CultureInfo.InvariantCulture),
            TypeCode.Decimal => reader.GetDecimal(ordinal).ToString(CultureInfo.InvariantCulture),
            TypeCode.Boolean => reader.GetBoolean(ordinal) ? "true" : "false",
            _ => Of(reader.GetValue(ordinal)),
        };
    }

    /// <summary>
    /// A time as <c>yyyy-MM-ddTHH:mm:ss.FFFFFFF</c> (trailing zeros of the fraction dropped), with <c>Z</c> unless its
    /// kind is unspecified. Written from the round-trip format ("O"), which .NET formats without parsing a pattern.
    /// </summary>
    public static string Of(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        // "O": 2026-01-01T00:00:00.0010000 (27 characters) then Z for UTC; the fraction is characters 20 to 26.
        Span<char> text = stackalloc char[33];
        if (!value.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture) || written < 27)
        {
            throw new FormatException($"The time {value.Ticks} ticks could not be written.");
        }

        var end = 27;
        while (end > 20 && text[end - 1] == '0')
        {
            end--;
        }

        if (end == 20)
        {
            end = 19;
        }

        if (value.Kind == DateTimeKind.Utc)
        {
            text[end++] = 'Z';
        }

        return new string(text[..end]);
    }
}
