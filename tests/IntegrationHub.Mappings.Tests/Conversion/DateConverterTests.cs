using IntegrationHub.Mappings.Conversion;

namespace IntegrationHub.Mappings.Tests.Conversion;

public sealed class DateConverterTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static DateConverter Converter(TimeZoneInfo zone, params string[] formats) =>
        new([.. formats.Select(Format)], zone);

    private static DateFormat Format(string text) => text switch
    {
        ExcelSerialDateFormat.Keyword => ExcelSerialDateFormat.Instance,
        IsoDateFormat.Keyword => IsoDateFormat.Instance,
        _ => PatternDateFormat.TryCreate(text, out var format, out var error)
            ? format!
            : throw new InvalidOperationException(error),
    };

    [Theory]
    [InlineData("45952", 2025, 10, 22, 0, 0)]
    [InlineData("45952.5", 2025, 10, 22, 12, 0)]
    [InlineData("45952.75", 2025, 10, 22, 18, 0)]
    [InlineData("1", 1899, 12, 31, 0, 0)]
    [InlineData("61", 1900, 3, 1, 0, 0)]
    public void TryConvert_ExcelSerial_CountsDaysFrom18991230(string text, int y, int mo, int d, int h, int mi)
    {
        Assert.True(Converter(TimeZoneInfo.Utc, "excel-serial").TryConvert(text, out var value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero), value);
    }

    [Fact]
    public void TryConvert_ExcelSerialThirdOfDay_RoundsToMillisecond()
    {
        Assert.True(Converter(TimeZoneInfo.Utc, "excel-serial").TryConvert("45952.3333333333", out var value));
        Assert.Equal(new DateTimeOffset(2025, 10, 22, 8, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("2958466")]
    [InlineData("4.5e4")]
    [InlineData("45,952")]
    [InlineData("abc")]
    public void TryConvert_NotAnExcelSerial_Fails(string text)
    {
        Assert.False(Converter(TimeZoneInfo.Utc, "excel-serial").TryConvert(text, out _));
    }

    [Fact]
    public void TryConvert_CompactDate_ReadsWallClockInZone()
    {
        Assert.True(Converter(Shanghai, "yyyyMMdd").TryConvert("20251022", out var value));
        Assert.Equal(new DateTimeOffset(2025, 10, 22, 0, 0, 0, TimeSpan.FromHours(8)), value);
        Assert.Equal(TimeSpan.FromHours(8), value.Offset);
    }

    [Fact]
    public void TryConvert_SlashedDate_Reads()
    {
        Assert.True(Converter(TimeZoneInfo.Utc, "yyyy/MM/dd").TryConvert("2025/10/22", out var value));
        Assert.Equal(new DateTimeOffset(2025, 10, 22, 0, 0, 0, TimeSpan.Zero), value);
    }

    [Fact]
    public void TryConvert_DateTimeInShanghai_IsEightHoursAheadOfUtc()
    {
        Assert.True(Converter(Shanghai, "yyyy-MM-dd HH:mm:ss").TryConvert("2025-10-22 09:15:30", out var value));
        Assert.Equal(new DateTimeOffset(2025, 10, 22, 1, 15, 30, TimeSpan.Zero), value.ToUniversalTime());
    }

    [Theory]
    [InlineData("2025-10-22", "2025-10-22T00:00:00+08:00")]
    [InlineData("2025-10-22T09:15:00", "2025-10-22T09:15:00+08:00")]
    [InlineData("2025-10-22 09:15:00.250", "2025-10-22T09:15:00.25+08:00")]
    [InlineData("2025-10-22T09:15:00+02:00", "2025-10-22T09:15:00+02:00")]
    [InlineData("2025-10-22T09:15:00Z", "2025-10-22T09:15:00+00:00")]
    public void TryConvert_Iso_ReadsOffsetOrZone(string text, string expected)
    {
        Assert.True(Converter(Shanghai, "iso").TryConvert(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, value.Offset);
    }

    // The hand-written reader of the usual ISO shapes must agree with the patterns on everything it accepts, and
    // leave to them everything else: generated shapes, with edge values and damaged ones.
    [Fact]
    public void Iso_UsualShapesReader_AgreesWithThePatterns()
    {
        var random = new Random(11);
        string[] dates = ["2025-10-22", "2024-02-29", "2025-02-29", "2025-12-31", "0001-01-01", "9999-12-31", "2025-13-01", "2025-00-10", "2025-04-31", "202A-10-22"];
        string[] times = ["T00:00:00", "T23:59:59", " 09:15:30", "T24:00:00", "T12:60:00", "T12:00:60", "T9:15:30", "t09:15:30", "T09:15"];
        string[] fractions = ["", ".5", ".25", ".123", ".1234567", ".12345678", ".", ".x", ".0000001"];
        string[] offsets = ["", "Z", "+08:00", "-05:30", "+14:00", "-14:00", "+14:01", "+08:60", "+0800", "+08", "z", "Z ", " "];
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = dates[random.Next(dates.Length)] + times[random.Next(times.Length)] + fractions[random.Next(fractions.Length)] + offsets[random.Next(offsets.Length)];
            var expectedOk = IsoDateFormat.TryParsePatterns(text, Shanghai, out var expected);
            if (!IsoDateFormat.TryParseUsual(text, out _, out _))
            {
                continue;
            }

            accepted++;
            var ok = IsoDateFormat.Instance.TryParse(text, Shanghai, out var value);
            Assert.True(expectedOk == ok, $"'{text}': patterns {expectedOk}, usual {ok}");
            Assert.True(expected == value && expected.Offset == value.Offset, $"'{text}': patterns {expected:O}, usual {value:O}");
        }

        Assert.True(accepted > 400, $"only {accepted} generated texts took the usual path");
    }

    [Fact]
    public void TryConvert_SeveralFormats_UsesFirstThatFits()
    {
        var converter = Converter(TimeZoneInfo.Utc, "yyyyMMdd", "excel-serial");

        Assert.True(converter.TryConvert("20251022", out var compact));
        Assert.True(converter.TryConvert("45952", out var serial));
        Assert.Equal(compact, serial);
        Assert.False(converter.TryConvert("2025-13-40", out _));
        Assert.Equal("'2025-13-40' is not a date in format yyyyMMdd or excel-serial", converter.DescribeFailure("2025-13-40"));
    }

    [Theory]
    [InlineData("2025/1/5")]
    [InlineData("2025/01/05")]
    public void TryConvert_SingleLetterMonthAndDay_ReadsWithOrWithoutLeadingZero(string text)
    {
        Assert.True(Converter(TimeZoneInfo.Utc, "yyyy/M/d").TryConvert(text, out var value));
        Assert.Equal(new DateTimeOffset(2025, 1, 5, 0, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("20251322")]
    [InlineData("20250230")]
    [InlineData("2025102")]
    [InlineData("2025-10-22")]
    public void TryConvert_ImpossibleCompactDate_Fails(string text)
    {
        Assert.False(Converter(TimeZoneInfo.Utc, "yyyyMMdd").TryConvert(text, out _));
    }

    [Fact]
    public void TryConvert_FormatWithOffset_ReadsOffsetFromText()
    {
        Assert.True(Converter(Shanghai, "yyyy-MM-dd HH:mm zzz").TryConvert("2025-10-22 09:15 -05:00", out var value));
        Assert.Equal(TimeSpan.FromHours(-5), value.Offset);
    }

    [Fact]
    public void TryConvert_EarliestDateInEasternZone_FailsInsteadOfThrowing()
    {
        Assert.False(Converter(Shanghai, "yyyy-MM-dd").TryConvert("0001-01-01", out _));
    }

    [Theory]
    [InlineData("yyyy-mm-dd", "'mm', which means minutes; write 'MM' for the month")]
    [InlineData("HH:mm:ss", "needs a year (yyyy), a month (MM) and a day (dd)")]
    [InlineData("yyyy-MM", "needs a year (yyyy), a month (MM) and a day (dd)")]
    [InlineData("yyyy-MM-dd %", "not a valid .NET date format")]
    public void TryCreate_BadPattern_ExplainsTheFix(string pattern, string expected)
    {
        Assert.False(PatternDateFormat.TryCreate(pattern, out var format, out var error));
        Assert.Null(format);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
