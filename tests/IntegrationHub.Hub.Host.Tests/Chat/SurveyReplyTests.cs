using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Tests.Chat;

/// <summary>The survey answer's chat syntax (issue 24 item 5): parts kept as typed, so a wrong one can be named.</summary>
public sealed class SurveyReplyTests
{
    [Theory]
    [InlineData("评价 T-2026-000123 5 9 很及时", "T-2026-000123", "5", "9", "很及时", true)]
    [InlineData("@服务助手 评价：T-2026-000123 4 8", "T-2026-000123", "4", "8", "", true)]
    [InlineData("rate T-2026-000123 5 9 quick fix\nthanks", "T-2026-000123", "5", "9", "quick fix\nthanks", false)]
    [InlineData("Rate T-1 five 11", "T-1", "five", "11", "", false)]
    [InlineData("rate T-1 5", "T-1", "5", null, "", false)]
    [InlineData("rate", null, null, null, "", false)]
    public void Parse_SurveyMessage_PartsAsTyped(string text, string? ticket, string? rating, string? score, string comment, bool chinese) =>
        Assert.Equal(new SurveyReply(ticket, rating, score, comment, chinese), SurveyReply.Parse(text));

    [Theory]
    [InlineData("rates T-1 5 9")]
    [InlineData("评价很好")]
    [InlineData("查订单 SO-2025-1022-087")]
    [InlineData("报修 EQ-1 rate 5 9")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_AnythingElse_Null(string? text) => Assert.Null(SurveyReply.Parse(text));
}
