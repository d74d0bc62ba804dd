using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Chat;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Chat;

/// <summary>The DingTalk robot endpoint of a running hub, posted to as DingTalk posts: signed JSON.</summary>
public abstract class ChatRobotTests(TestStore testStore)
{
    public sealed class OnSqlite() : ChatRobotTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : ChatRobotTests(TestStore.PostgreSql);

    private const string Secret = "SEC-robot-secret";

    private static async Task<(HttpStatusCode Status, string Text)> AskAsync(TestHub hub, string text, string staffId, string? secret = Secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/dingtalk")
        {
            Content = JsonContent.Create(new { msgtype = "text", text = new { content = text }, senderStaffId = staffId, senderId = "$:LWCP_v1:$" + staffId, senderNick = "Li" }),
        };
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", DingTalkSignature.Compute(timestamp, secret ?? Secret));
        using var response = await hub.Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, string.Empty);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("markdown", body.GetProperty("msgtype").GetString());
        return (response.StatusCode, body.GetProperty("markdown").GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task LinkedUser_AsksForTheirOrder_GetsItsProgress_NotAnotherCustomers()
    {
        await using var hub = await TestHub.StartAsync(testStore, 
            $"--Hub:Chat:DingTalkAppSecret={Secret}", "--Hub:Chat:Users:0:UserId=staff-c001", "--Hub:Chat:Users:0:Customer=C001");
        await PlantFiles.ImportAsync(hub);

        var (status, text) = await AskAsync(hub, "@订单助手 查订单 SO-A-001", "staff-c001");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("订单 SO-A-001: 生产中", text, StringComparison.Ordinal);
        Assert.Contains("生产进度: 40%", text, StringComparison.Ordinal);

        var english = await AskAsync(hub, "order SO-A-001", "staff-c001");
        Assert.Contains("Order SO-A-001: In production", english.Text, StringComparison.Ordinal);

        var foreign = await AskAsync(hub, "查订单 SO-B-001", "staff-c001");
        var unknown = await AskAsync(hub, "查订单 SO-Z-999", "staff-c001");
        Assert.Contains("没有找到订单 SO-B-001", foreign.Text, StringComparison.Ordinal);
        Assert.Equal(unknown.Text.Replace("SO-Z-999", "SO-B-001", StringComparison.Ordinal), foreign.Text);
    }

    [Fact]
    public async Task UnlinkedUser_Help_AndForgedMessages()
    {
        await using var hub = await TestHub.StartAsync(testStore, 
            $"--Hub:Chat:DingTalkAppSecret={Secret}", "--Hub:Chat:Users:0:UserId=staff-c001", "--Hub:Chat:Users:0:Customer=C001");
        await PlantFiles.ImportAsync(hub);

        Assert.Contains("尚未绑定客户", (await AskAsync(hub, "查订单 SO-A-001", "someone-else")).Text, StringComparison.Ordinal);
        Assert.Contains("查订单 订单号", (await AskAsync(hub, "你好", "staff-c001")).Text, StringComparison.Ordinal);
        Assert.Contains("order <number>", (await AskAsync(hub, "hello", "staff-c001")).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskAsync(hub, "查订单 SO-A-001", "staff-c001", secret: "SEC-guessed")).Status);
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1250 && e.Message.Contains("signature does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoAppSecretConfigured_EndpointAbsent()
    {
        await using var hub = await TestHub.StartAsync(testStore);

        Assert.Equal(HttpStatusCode.NotFound, (await AskAsync(hub, "查订单 SO-A-001", "staff-c001")).Status);
    }
}
