using System.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>SQL Server's rowversion as a watermark: conversion, its stored text, hostile values and the @watermark parameter.</summary>
public sealed class RowVersionWatermarkTests
{
    private const string What = "SQL source u8-dispatch: the watermark column ufts";

    [Fact]
    public void AllZero_IsTheLowestWatermark_AndWritesAsSqlServerShowsIt()
    {
        var value = Watermark.FromColumn(new byte[8], WatermarkKind.RowVersion, What);

        Assert.Equal(long.MinValue, value);
        Assert.Equal("0x0000000000000000", Watermark.Format(value, WatermarkKind.RowVersion));
        Assert.Equal(0UL, RowVersion.ToNumber(value));
    }

    [Fact]
    public void AllOnes_IsTheHighestWatermark()
    {
        var value = Watermark.FromColumn(Enumerable.Repeat((byte)0xFF, 8).ToArray(), WatermarkKind.RowVersion, What);

        Assert.Equal(long.MaxValue, value);
        Assert.Equal("0xFFFFFFFFFFFFFFFF", Watermark.Format(value, WatermarkKind.RowVersion));
        Assert.Equal(ulong.MaxValue, RowVersion.ToNumber(value));
    }

    [Fact]
    public void Bytes_AreReadMostSignificantFirst()
    {
        var value = Watermark.FromColumn(new byte[] { 0, 0, 0, 0, 0, 0, 0x07, 0xD1 }, WatermarkKind.RowVersion, What);

        Assert.Equal(2001UL, RowVersion.ToNumber(value));
        Assert.Equal("0x00000000000007D1", Watermark.Format(value, WatermarkKind.RowVersion));
    }

    [Fact]
    public void Order_IsTheUnsignedOrder_AcrossTheTopBit()
    {
        // The top bit is where a plain signed reading would turn the order round.
        byte[][] rising =
        [
            [0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 1, 0],
            [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            [0x80, 0, 0, 0, 0, 0, 0, 0],
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE],
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        ];

        var values = rising.Select(b => Watermark.FromColumn(b, WatermarkKind.RowVersion, What)).ToList();

        for (var i = 1; i < values.Count; i++)
        {
            Assert.True(values[i] > values[i - 1], $"{Convert.ToHexString(rising[i])} must be above {Convert.ToHexString(rising[i - 1])}");
        }
    }

    [Theory]
    [InlineData("0x0000000000000000")]
    [InlineData("0x00000000000007D1")]
    [InlineData("0x7FFFFFFFFFFFFFFF")]
    [InlineData("0x8000000000000000")]
    [InlineData("0xFFFFFFFFFFFFFFFF")]
    public void StoredText_ReadsBackToTheSameWatermark(string text)
    {
        var value = Watermark.Parse(text, WatermarkKind.RowVersion, "the stored watermark");

        Assert.Equal(text, Watermark.Format(value, WatermarkKind.RowVersion));
    }

    [Fact]
    public void StartSetting_MayUseFewerDigitsAndLowerCase()
    {
        Assert.Equal(2001UL, RowVersion.ToNumber(Watermark.Parse("0x7d1", WatermarkKind.RowVersion, "Start")));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(0)]
    public void WrongLength_IsAnErrorNamingSourceColumnAndLength(int length)
    {
        var error = Assert.Throws<FormatException>(() => Watermark.FromColumn(new byte[length], WatermarkKind.RowVersion, What));

        Assert.Contains(What, error.Message, StringComparison.Ordinal);
        Assert.Contains($"holds {length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("a rowversion has 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeBinaryValue_IsRefused_WithAShortMessage()
    {
        var error = Assert.Throws<FormatException>(() => Watermark.FromColumn(new byte[1 << 20], WatermarkKind.RowVersion, What));

        Assert.Contains("holds 1048576 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, error.Message);
    }

    [Fact]
    public void DbNull_IsAnErrorNamingTheColumn()
    {
        var error = Assert.Throws<FormatException>(() => Watermark.FromColumn(DBNull.Value, WatermarkKind.RowVersion, What));

        Assert.Contains(What, error.Message, StringComparison.Ordinal);
        Assert.Contains("DBNull", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<object> NotBinary => new()
    {
        2001L,
        "0x00000000000007D1",
        new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc),
        Guid.Empty,
    };

    [Theory]
    [MemberData(nameof(NotBinary))]
    public void NonBinaryColumn_GivenAsRowVersion_IsAnErrorNamingSourceAndColumn(object value)
    {
        var error = Assert.Throws<FormatException>(() => Watermark.FromColumn(value, WatermarkKind.RowVersion, What));

        Assert.Contains(What, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a RowVersion watermark", error.Message, StringComparison.Ordinal);
        Assert.Contains(value.GetType().Name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001")] // what a Version source stored
    [InlineData("2026-12-07T08:00:00.0000000Z")] // what a Timestamp source stored
    [InlineData("0x")]
    [InlineData("0x10000000000000000")] // 17 digits: more than 8 bytes
    [InlineData("0xGG")]
    [InlineData("-0x1")]
    [InlineData("")]
    public void OtherText_IsNotARowVersion(string text)
    {
        var error = Assert.Throws<FormatException>(() => Watermark.Parse(text, WatermarkKind.RowVersion, "Hub:Sql:Sources:0:Start"));

        Assert.Contains("Hub:Sql:Sources:0:Start", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x and up to 16 hexadecimal digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlCharactersAndHugeText_AreNotEchoed()
    {
        var hostile = "0x\u0000\u001b[31m" + new string('7', 100_000);

        var error = Assert.Throws<FormatException>(() => Watermark.Parse(hostile, WatermarkKind.RowVersion, "Start"));

        Assert.DoesNotContain('\u0000', error.Message);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.True(error.Message.Length < 500, error.Message);
    }

    [Fact]
    public void ARowVersion_IsNotAVersion()
    {
        // The other way round: a Version source does not read what a RowVersion source stored.
        Assert.Throws<FormatException>(() => Watermark.Parse("0x00000000000007D1", WatermarkKind.Version, "the stored watermark"));
    }

    [Fact]
    public void Overlap_BelowZero_StopsAtZero()
    {
        var two = Watermark.Parse("0x0000000000000002", WatermarkKind.RowVersion, "Start");

        Assert.Equal("0x0000000000000000", Watermark.Format(Watermark.Lower(two, 1000, WatermarkKind.RowVersion), WatermarkKind.RowVersion));
        Assert.Equal("0x00000000000003E8", Watermark.Format(Watermark.Lower(Watermark.Parse("0x7D0", WatermarkKind.RowVersion, "Start"), 1000, WatermarkKind.RowVersion), WatermarkKind.RowVersion));
    }

    [Fact]
    public void SqlServerParameter_IsBinaryOfEightBytes_MostSignificantFirst()
    {
        using var command = SqlClientFactory.Instance.CreateCommand();
        var parameter = (SqlParameter)command.CreateParameter();

        Watermark.Bind(parameter, Watermark.Parse("0x00000000000007D1", WatermarkKind.RowVersion, "Start"), WatermarkKind.RowVersion);

        Assert.Equal(SqlDbType.Binary, parameter.SqlDbType);
        Assert.Equal(8, parameter.Size);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x07, 0xD1 }, Assert.IsType<byte[]>(parameter.Value));
    }

    [Fact]
    public void OtherProvidersParameter_IsBinaryToo()
    {
        using var command = SqliteFactory.Instance.CreateCommand();
        var parameter = command.CreateParameter();

        Watermark.Bind(parameter, long.MaxValue, WatermarkKind.RowVersion);

        Assert.Equal(DbType.Binary, parameter.DbType);
        Assert.Equal(Enumerable.Repeat((byte)0xFF, 8), Assert.IsType<byte[]>(parameter.Value));
    }

    [Fact]
    public void TimestampAndVersionParameters_AreAsBefore()
    {
        using var command = SqlClientFactory.Instance.CreateCommand();
        var time = command.CreateParameter();
        var version = command.CreateParameter();

        Watermark.Bind(time, new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc).Ticks, WatermarkKind.Timestamp);
        Watermark.Bind(version, 2001, WatermarkKind.Version);

        Assert.Equal(new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), time.Value);
        Assert.Equal(2001L, version.Value);
    }
}
