using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

public sealed class AddressNormalizerTests
{
    [Theory]
    [InlineData("江苏省苏州市工业园区星湖街３２８号", "江苏苏州工业园区星湖街328号")]
    [InlineData("中国 江苏苏州工业园区 星湖街328号 215000", "江苏省 苏州市 工业园区星湖街328号")]
    [InlineData("广西壮族自治区南宁市青秀区民族大道100号", "广西南宁青秀区民族大道100号")]
    [InlineData("No. 328 Xinghu Road, Suzhou City, Jiangsu Province, China", "No.328 Xinghu Rd Suzhou, Jiangsu")]
    public void TwoSpellingsOfOnePlace_HaveOneMatchKey(string a, string b)
        => Assert.Equal(AddressNormalizer.Normalize(a).MatchKey, AddressNormalizer.Normalize(b).MatchKey);

    [Theory]
    [InlineData("江苏省苏州市工业园区星湖街328号", "江苏省无锡市新吴区长江路8号")]
    [InlineData("星湖街328号", "星湖街382号")]
    public void DifferentPlaces_DifferentKeys(string a, string b)
        => Assert.NotEqual(AddressNormalizer.Normalize(a).MatchKey, AddressNormalizer.Normalize(b).MatchKey);

    [Fact]
    public void Cleaned_IsHalfWidthWithSingleSpacesAndOneKindOfBracket()
    {
        var address = AddressNormalizer.Normalize("  上海市  浦东新区（张江）  碧波路６９０号 ");

        Assert.Equal("上海市 浦东新区(张江) 碧波路690号", address.Cleaned);
        Assert.Null(AddressNormalizer.Normalize("   ").MatchKey);
    }
}
