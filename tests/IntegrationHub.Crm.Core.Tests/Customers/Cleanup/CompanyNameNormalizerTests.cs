using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

public sealed class CompanyNameNormalizerTests
{
    [Theory]
    [InlineData("苏州精工机械有限公司", "精工机械", "有限公司", "苏州")]
    [InlineData("苏州精工机械有限责任公司", "精工机械", "有限公司", "苏州")]
    [InlineData("深圳市恒通精密五金有限公司", "恒通精密五金", "有限公司", "深圳市")]
    [InlineData("华为技术（深圳）有限公司", "华为技术", "有限公司", "深圳")]
    [InlineData("ＡＣＭＥ　Packaging  GmbH", "acmepackaging", "GmbH", null)]
    [InlineData("Siam Food Machinery Co.,Ltd.", "siamfoodmachinery", "Co., Ltd.", null)]
    [InlineData("Siam Food Machinery Company Limited", "siamfoodmachinery", "Co., Ltd.", null)]
    [InlineData("宁波海天塑机股份有限公司", "海天塑机", "股份有限公司", "宁波")]
    public void Normalize_SeparatesCoreLegalFormAndPlace(string name, string core, string legal, string? place)
    {
        var normalized = CompanyNameNormalizer.Normalize(name);

        Assert.Equal(core, normalized.Core);
        Assert.Equal(legal, normalized.LegalForm);
        Assert.Equal(name, normalized.Original);
        if (place is null)
        {
            Assert.Empty(normalized.Qualifiers);
        }
        else
        {
            Assert.Contains(place, normalized.Qualifiers);
        }
    }

    [Fact]
    public void Similarity_IsOneForTheSameCore_AndLowForUnrelatedNames()
    {
        Assert.Equal(1, CompanyNameNormalizer.Similarity("精工机械", "精工机械"));
        Assert.True(CompanyNameNormalizer.Similarity("精工机械", "精工机械设备") > 0.7);
        Assert.True(CompanyNameNormalizer.Similarity("精工机械", "海天塑机") < 0.2);
    }
}
