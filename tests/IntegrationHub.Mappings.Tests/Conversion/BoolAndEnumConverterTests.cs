using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Mappings.Conversion;

namespace IntegrationHub.Mappings.Tests.Conversion;

public sealed class BoolAndEnumConverterTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("Y", true)]
    [InlineData("y", true)]
    [InlineData("yes", true)]
    [InlineData("是", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("N", false)]
    [InlineData("no", false)]
    [InlineData("否", false)]
    public void TryConvert_DefaultWords_Read(string text, bool expected)
    {
        Assert.True(BoolConverter.Default.TryConvert(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryConvert_UnknownWord_FailsListingWords()
    {
        Assert.False(BoolConverter.Default.TryConvert("maybe", out _));
        Assert.Equal(
            "'maybe' is not a yes/no value (true: true, 1, Y, yes, 是; false: false, 0, N, no, 否)",
            BoolConverter.Default.DescribeFailure("maybe"));
    }

    [Fact]
    public void TryConvert_ConfiguredWords_ReplaceDefaults()
    {
        var converter = new BoolConverter(["J"], ["N"]);

        Assert.True(converter.TryConvert("j", out var yes));
        Assert.True(yes);
        Assert.True(converter.TryConvert("N", out var no));
        Assert.False(no);
        Assert.False(converter.TryConvert("Y", out _));
    }

    [Theory]
    [InlineData("OnHold", SalesOrderStatus.OnHold)]
    [InlineData("onhold", SalesOrderStatus.OnHold)]
    [InlineData("Closed", SalesOrderStatus.Closed)]
    public void TryConvert_EnumMemberName_Reads(string text, SalesOrderStatus expected)
    {
        Assert.True(EnumConverter<SalesOrderStatus>.Instance.TryConvert(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("On Hold")]
    [InlineData("Shipped")]
    public void TryConvert_NotAMember_FailsListingMembers(string text)
    {
        Assert.False(EnumConverter<SalesOrderStatus>.Instance.TryConvert(text, out _));
        Assert.Equal(
            $"'{text}' is not a SalesOrderStatus (Open, OnHold, Cancelled, Closed)",
            EnumConverter<SalesOrderStatus>.Instance.DescribeFailure(text));
    }
}
