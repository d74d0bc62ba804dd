using IntegrationHub.Hub.Host.Chat;

namespace IntegrationHub.Hub.Host.Tests.Chat;

public sealed class OrderQuestionTests
{
    [Theory]
    [InlineData("查订单 SO-2025-1022-087", "SO-2025-1022-087", true)]
    [InlineData(" @订单助手 查询订单：SO-2025-1022-087", "SO-2025-1022-087", true)]
    [InlineData("订单SO-A-001", "SO-A-001", true)]
    [InlineData("order SO-2025-1022-087", "SO-2025-1022-087", false)]
    [InlineData("Order: so-a-001 please", "so-a-001", false)]
    public void Parse_OrderQuestion_NumberAndLanguage(string text, string orderNo, bool chinese)
        => Assert.Equal(new OrderQuestion(orderNo, chinese), OrderQuestion.Parse(text));

    [Theory]
    [InlineData("你好")]
    [InlineData("where is my order?")]
    [InlineData("order")]
    [InlineData(null)]
    public void Parse_AnythingElse_Null(string? text) => Assert.Null(OrderQuestion.Parse(text));
}
