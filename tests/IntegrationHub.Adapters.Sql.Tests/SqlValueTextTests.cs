using System.Globalization;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>The faster per-row text (issue 17, "Benchmarks") gives exactly what the pattern-based formatting gave.</summary>
public sealed class SqlValueTextTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(638_712_000_000_000_000L)]
    [InlineData(638_712_000_000_010_000L)]
    [InlineData(638_712_000_000_000_001L)]
    [InlineData(638_712_000_123_456_700L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public void Of_DateTime_MatchesThePatternFormat(long ticks)
    {
        var utc = new DateTime(ticks, DateTimeKind.Utc);
        var unspecified = new DateTime(ticks, DateTimeKind.Unspecified);
        Assert.Equal(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture), SqlValueText.Of(utc));
        Assert.Equal(unspecified.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture), SqlValueText.Of(unspecified));
        Assert.Equal(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), Watermark.Format(ticks, WatermarkKind.Timestamp));
    }

    [Fact]
    public void RowFields_ShareTheNames_LastOfTwoEqualNamesWins_AndEnumerateLikeADictionary()
    {
        var columns = new SqlColumnNames(["id", "amount", "id", "note"]);
        var fields = new SqlRowFields(columns, ["1", "2.50", "7", null]);

        Assert.Equal(3, fields.Count);
        Assert.Equal("7", fields["id"]);
        Assert.Null(fields["note"]);
        Assert.False(fields.TryGetValue("ID", out _));
        Assert.Equal(["id", "amount", "note"], fields.Keys);
        Assert.Equal(new Dictionary<string, string?> { ["id"] = "7", ["amount"] = "2.50", ["note"] = null }, fields.ToDictionary());
        Assert.Contains("'missing'", Assert.Throws<KeyNotFoundException>(() => fields["missing"]).Message, StringComparison.Ordinal);
    }
}
