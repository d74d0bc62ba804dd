using IntegrationHub.Mappings.Conversion;

namespace IntegrationHub.Mappings.Tests.Conversion;

public sealed class NumberConverterTests
{
    [Theory]
    [InlineData("1,234.50", 1234.50)]
    [InlineData("1,234,567.5", 1234567.5)]
    [InlineData("1234.5", 1234.5)]
    [InlineData("-12.75", -12.75)]
    [InlineData("0", 0)]
    public void TryConvert_ThousandsCommaDecimalPoint_Reads(string text, double expected)
    {
        var converter = new DecimalConverter(new NumberFormat(".", ","));

        Assert.True(converter.TryConvert(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("1.234,50", 1234.50)]
    [InlineData("12,5", 12.5)]
    public void TryConvert_ThousandsPointDecimalComma_Reads(string text, double expected)
    {
        var converter = new DecimalConverter(new NumberFormat(",", "."));

        Assert.True(converter.TryConvert(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("1,234.50")]
    [InlineData("12a")]
    [InlineData("1 234")]
    [InlineData("1e3")]
    [InlineData("$5")]
    public void TryConvert_NoThousandsSeparatorConfigured_RefusesOthers(string text)
    {
        var converter = new DecimalConverter(NumberFormat.Invariant);

        Assert.False(converter.TryConvert(text, out _));
        Assert.Equal($"'{text}' is not a number with decimal mark '.'", converter.DescribeFailure(text));
    }

    [Fact]
    public void TryConvert_DecimalPreservesScale()
    {
        Assert.True(new DecimalConverter(NumberFormat.Invariant).TryConvert("0.10", out var value));
        Assert.Equal("0.10", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("12,345", 12345)]
    [InlineData("7", 7)]
    [InlineData("-3", -3)]
    public void TryConvert_IntWithThousands_Reads(string text, int expected)
    {
        Assert.True(new IntConverter(new NumberFormat(".", ",")).TryConvert(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("99999999999")]
    [InlineData("1,000")]
    public void TryConvert_IntNotWhole_Fails(string text)
    {
        var converter = new IntConverter(NumberFormat.Invariant);

        Assert.False(converter.TryConvert(text, out _));
        Assert.Equal($"'{text}' is not a whole number", converter.DescribeFailure(text));
    }
}
