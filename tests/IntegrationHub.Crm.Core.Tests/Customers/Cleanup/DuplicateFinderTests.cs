using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Customers.Cleanup;

namespace IntegrationHub.Crm.Core.Tests.Customers.Cleanup;

public sealed class DuplicateFinderTests
{
    private static Customer C(string code, string name, string? phone = null, string? email = null, string? address = null, string? notes = null) =>
        new() { Code = code, Name = name, Phone = phone, Email = email, Address = address, Notes = notes };

    [Fact]
    public void TheSameCompanySpelledTwoWays_IsProposed_WithTheEvidence()
    {
        var proposals = DuplicateFinder.Find(
        [
            C("C001", "苏州精工机械有限公司", "0512-65234567", "purchasing@szjg.example.cn"),
            C("K-88", "苏州精工机械有限责任公司", "+86 512 6523 4567"),
            C("C002", "无锡华达自动化设备有限公司", "0510-82345678"),
        ]);

        var proposal = Assert.Single(proposals);
        Assert.Equal(("C001", "K-88"), (proposal.KeepCode, proposal.DuplicateCode));
        Assert.Equal(1.0, proposal.Score);
        Assert.Contains(proposal.Reasons, r => r.StartsWith("same name once normalised", StringComparison.Ordinal));
        Assert.Contains("same phone +86 512 65234567", proposal.Reasons);
    }

    [Fact]
    public void BranchesInDifferentCities_AreNotProposed()
    {
        var proposals = DuplicateFinder.Find(
        [
            C("C010", "华为技术（深圳）有限公司", "0755-28780808"),
            C("C011", "华为技术（苏州）有限公司", "0512-62345678"),
        ]);

        Assert.Empty(proposals);
    }

    [Fact]
    public void ACommonMailProvider_IsNoEvidence()
    {
        var proposals = DuplicateFinder.Find(
        [
            C("C020", "青岛海诺液压有限公司", email: "hainuo@163.com"),
            C("C021", "青岛海天塑机有限公司", email: "haitian@163.com"),
        ]);

        Assert.Empty(proposals);
    }

    [Fact]
    public void SameAddressAndEmailUnderAnotherName_IsProposed_AndBothNotesAreKept()
    {
        var proposals = DuplicateFinder.Find(
        [
            C("C030", "昆山科达精密模具有限公司", email: "Purchase@KEDA-mould.cn", address: "江苏省昆山市玉山镇城北路88号", notes: "月结60天，联系王经理"),
            C("K-301", "科达模具（昆山）", email: "purchase@keda-mould.cn ", address: "江苏 昆山 玉山镇城北路88号", notes: "2019年起VIP"),
            C("C031", "昆山科达电子有限公司", address: "江苏省昆山市开发区前进东路5号"),
        ]);

        var proposal = Assert.Single(proposals);
        Assert.Equal(("C030", "K-301"), (proposal.KeepCode, proposal.DuplicateCode));
        Assert.Contains("same e-mail Purchase@keda-mould.cn", proposal.Reasons);
        Assert.Contains(proposal.Reasons, r => r.StartsWith("same address once normalised", StringComparison.Ordinal));
        Assert.Equal(["C030: 月结60天，联系王经理", "K-301: 2019年起VIP"], proposal.Notes);
    }
}
