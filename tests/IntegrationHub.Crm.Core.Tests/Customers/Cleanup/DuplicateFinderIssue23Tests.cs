using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

/// <summary>The pairs issue 23 item 7 names: what the finder missed, and its one false proposal.</summary>
public sealed class DuplicateFinderIssue23Tests
{
    private static Customer C(string code, string name, string? phone = null, string? email = null, string? address = null) =>
        new() { Code = code, Name = name, Phone = phone, Email = email, Address = address };

    [Fact]
    public void OneCharacterApart_WithTheSamePhone_IsProposed()
    {
        var proposal = Assert.Single(DuplicateFinder.Find(
        [
            C("C001", "苏州精工机械有限公司", "0512-65234567"),
            C("K-17", "苏州精功机械有限公司", "+86 512 6523 4567"),
        ]));

        Assert.Contains("names one character apart ('精工机械' / '精功机械')", proposal.Reasons);
        Assert.Contains("same phone +86 512 65234567", proposal.Reasons);
    }

    [Fact]
    public void OneCharacterApart_WithTheSameEmail_AndNoCityOnOneSide_IsProposed()
    {
        var proposal = Assert.Single(DuplicateFinder.Find(
        [
            C("C002", "三友电子有限公司", email: "sales@sanyou.example.cn"),
            C("K-18", "无锡三功电子有限公司", "0510-82345678", "SALES＠SANYOU.example.cn"),
        ]));

        Assert.Contains("same e-mail sales@sanyou.example.cn", proposal.Reasons, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void OneCharacterApart_InOneCity_WithNoContactInCommon_IsNotProposed()
    {
        Assert.Empty(DuplicateFinder.Find(
        [
            C("C003", "无锡三友电子有限公司", "0510-82345678", "sales@sanyou.example.cn"),
            C("C004", "无锡三功电子有限公司", "0510-86660000", "info@sangong.example.cn"),
        ]));
    }

    [Theory]
    [InlineData("杭 州 海 川 仪 表 有 限 公 司")]
    [InlineData("杭\u3000州\u3000海\u3000川\u3000仪\u3000表\u3000有\u3000限\u3000公\u3000司")]
    [InlineData("海 川 仪 表 （杭 州） 有 限 责 任 公 司")]
    public void NamesWrittenWithSpacesBetweenTheCharacters_AreProposed(string spaced)
    {
        var proposal = Assert.Single(DuplicateFinder.Find(
        [
            C("C005", "杭州海川仪表有限公司", "0571-86001234"),
            C("K-19", spaced, "057186001234"),
        ]));

        Assert.Contains("same name once normalised ('海川仪表')", proposal.Reasons);
        Assert.Contains("same city 杭州", proposal.Reasons);
    }

    [Fact]
    public void ARecordWithoutACity_AgainstTheSameTradeNameElsewhere_WithOtherContacts_IsNotProposed()
    {
        Assert.Empty(DuplicateFinder.Find(
        [
            C("C006", "明辉照明有限公司", "13912345678", "minghui@163.com"),
            C("C007", "深圳明辉照明有限公司", "0755-28780808", "sales@mh-light.example.cn", "广东省深圳市宝安区创业路8号"),
        ]));
    }

    [Fact]
    public void ARecordWithoutACity_WithTheSamePhone_IsProposed()
    {
        Assert.Single(DuplicateFinder.Find(
        [
            C("C008", "明辉照明有限公司", "0755 2878 0808"),
            C("C009", "深圳明辉照明有限公司", "0755-28780808", "sales@mh-light.example.cn", "广东省深圳市宝安区创业路8号"),
        ]));
    }

    [Fact]
    public void SisterCompanies_SharingASwitchboardABuildingAndADomain_AreNotProposed()
    {
        Assert.Empty(DuplicateFinder.Find(
        [
            C("C010", "无锡恒达机械有限公司", "0510-46805507", "sales@hengda.example.cn", "江苏省无锡市新吴区工业大道929号"),
            C("C011", "无锡恒达电子有限公司", "(0510)46805507", "info@hengda.example.cn", "无锡市新吴区工业大道929号"),
        ]));
    }

    [Fact]
    public void Branches_ReachedThroughTheHeadOfficesNumberAndMailDomain_AreNotProposed()
    {
        Assert.Empty(DuplicateFinder.Find(
        [
            C("C014", "华为技术（深圳）有限公司", "0755-28780808", "sz@huawei.example.cn"),
            C("C015", "华为技术（苏州）有限公司", "+86 755 2878 0808", "suzhou@huawei.example.cn"),
        ]));
    }

    [Fact]
    public void LegalFormVariantsAndTheCityInBrackets_AreOneName()
    {
        var proposals = DuplicateFinder.Find(
        [
            C("C012", "浙江正泰电器股份有限公司", "0577-62877777"),
            C("K-20", "正泰电器（集团）有限责任公司", "0086-577-62877777"),
            C("C013", "苏州天和传动科技有限公司", "0512-66001122"),
            C("K-21", "天和传动科技（苏州）有限公司", "0512 6600 1122"),
        ]);

        Assert.Equal(2, proposals.Count);
        Assert.All(proposals, p => Assert.StartsWith("same name once normalised", p.Reasons[0], StringComparison.Ordinal));
    }
}
