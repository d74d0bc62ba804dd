using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Tests.Chat;

public sealed class RepairRequestTests
{
    [Theory]
    [InlineData("报修 EQ-C001-01 主轴异响", "EQ-C001-01", "主轴异响", true)]
    [InlineData("@服务助手 报修：EQ-C001-01 主轴异响，请尽快", "EQ-C001-01", "主轴异响，请尽快", true)]
    [InlineData("repair EQ-C001-01 spindle noise\nsince Monday", "EQ-C001-01", "spindle noise\nsince Monday", false)]
    [InlineData("Repair: eq-c001-01", "eq-c001-01", "", false)]
    public void Parse_RepairMessage_AssetTextAndLanguage(string text, string asset, string description, bool chinese)
        => Assert.Equal(new RepairRequest(asset, description, chinese), RepairRequest.Parse(text));

    [Theory]
    [InlineData("查订单 SO-2025-1022-087")]
    [InlineData("please repair my machine")]
    [InlineData("repairs EQ-1 noise")]
    [InlineData("报修")]
    [InlineData("报修 <script> x")]
    [InlineData(null)]
    public void Parse_AnythingElse_Null(string? text) => Assert.Null(RepairRequest.Parse(text));
}
