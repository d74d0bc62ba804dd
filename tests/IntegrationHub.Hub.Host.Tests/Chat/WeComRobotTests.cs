using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Tests.Support;
using IntegrationHub.Tests.Common.Chat;

namespace IntegrationHub.Hub.Host.Tests.Chat;

/// <summary>
/// A WeCom intelligent robot's callback endpoint of a running hub, with WeCom's side played by WeCom's own crypto
/// library (@wecom/crypto): URL verification, encrypted questions, encrypted and signed answers.
/// </summary>
public abstract class WeComRobotTests(TestStore testStore)
{
    public sealed class OnSqlite() : WeComRobotTests(TestStore.Sqlite);

    public sealed class OnPostgreSql() : WeComRobotTests(TestStore.PostgreSql);

    private const string Token = "hubRobotToken";
    private const string Key = "Hx7kPq2Rw9Zt4Lm8Nc3Vb6Yd1Fg5Js0Ae7Ku2Wo9Xi4";
    private static readonly WeComPeer WeCom = new(Token, Key);

    private Task<TestHub> StartAsync(params string[] more) => TestHub.StartAsync(testStore,
        [$"--Hub:Chat:WeComToken={Token}", $"--Hub:Chat:WeComEncodingAesKey={Key}", "--Hub:Chat:Users:0:UserId=li.lei", "--Hub:Chat:Users:0:Customer=C001", .. more]);

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Query(string signature, string timestamp, string nonce) =>
        $"msg_signature={signature}&timestamp={timestamp}&nonce={nonce}";

    private static async Task<HttpResponseMessage> PostAsync(TestHub hub, string message, WeComPeer? sender = null)
    {
        var (timestamp, nonce) = (Now(), "n" + Random.Shared.Next());
        var (encrypt, signature) = await (sender ?? WeCom).SealAsync(message, timestamp, nonce);
        using var content = new StringContent(new JsonObject { ["encrypt"] = encrypt }.ToJsonString(), Encoding.UTF8, "application/json");
        return await hub.Client.PostAsync("/api/chat/wecom?" + Query(signature, timestamp, nonce), content);
    }

    private static string TextMessage(string text, string userId, string chatType = "group") => new JsonObject
    {
        ["msgid"] = Guid.NewGuid().ToString("N"), ["aibotid"] = "aib-order-robot", ["chatid"] = "wr-group-1", ["chattype"] = chatType,
        ["from"] = new JsonObject { ["userid"] = userId }, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = text },
    }.ToJsonString();

    private static async Task<string> AskAsync(TestHub hub, string text, string userId)
    {
        using var response = await PostAsync(hub, TextMessage(text, userId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (signatureMatches, message, receiveId) = await WeCom.OpenAsync(await response.Content.ReadAsStringAsync());
        Assert.True(signatureMatches, "WeCom's library does not accept the reply's msgsignature");
        Assert.Equal(string.Empty, receiveId);
        var reply = JsonDocument.Parse(message).RootElement;
        Assert.Equal("stream", reply.GetProperty("msgtype").GetString());
        Assert.True(reply.GetProperty("stream").GetProperty("finish").GetBoolean());
        Assert.False(string.IsNullOrEmpty(reply.GetProperty("stream").GetProperty("id").GetString()));
        return reply.GetProperty("stream").GetProperty("content").GetString()!;
    }

    [Fact]
    public async Task UrlVerification_AnswersTheDecryptedEchoString()
    {
        await using var hub = await StartAsync();
        var (timestamp, nonce) = (Now(), "1372623149");
        var (echo, signature) = await WeCom.SealAsync("5927782489442352469", timestamp, nonce);

        using var response = await hub.Client.GetAsync($"/api/chat/wecom?{Query(signature, timestamp, nonce)}&echostr={Uri.EscapeDataString(echo)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5927782489442352469", await response.Content.ReadAsStringAsync());

        using var forged = await hub.Client.GetAsync($"/api/chat/wecom?{Query(new string('0', 40), timestamp, nonce)}&echostr={Uri.EscapeDataString(echo)}");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task LinkedUser_AsksForTheirOrder_GetsItsProgress_NotAnotherCustomers()
    {
        await using var hub = await StartAsync();
        await PlantFiles.ImportAsync(hub);

        var chinese = await AskAsync(hub, "@订单助手 查订单 SO-A-001", "li.lei");
        Assert.Contains("订单 SO-A-001: 生产中", chinese, StringComparison.Ordinal);
        Assert.Contains("生产进度: 40%", chinese, StringComparison.Ordinal);
        Assert.Contains("Order SO-A-001: In production", await AskAsync(hub, "order SO-A-001", "li.lei"), StringComparison.Ordinal);

        var foreign = await AskAsync(hub, "查订单 SO-B-001", "li.lei");
        var unknown = await AskAsync(hub, "查订单 SO-Z-999", "li.lei");
        Assert.Contains("没有找到订单 SO-B-001", foreign, StringComparison.Ordinal);
        Assert.Equal(unknown.Replace("SO-Z-999", "SO-B-001", StringComparison.Ordinal), foreign);

        Assert.Contains("尚未绑定客户", await AskAsync(hub, "查订单 SO-A-001", "han.meimei"), StringComparison.Ordinal);
        Assert.Contains("查订单 订单号", await AskAsync(hub, "你好", "li.lei"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedOrForeignMessages_RefusedAndLogged_EventsGetNoAnswer()
    {
        await using var hub = await StartAsync();
        await PlantFiles.ImportAsync(hub);

        using (var forged = await PostAsync(hub, TextMessage("查订单 SO-A-001", "li.lei"), new WeComPeer("guessedToken", Key)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var otherKey = await PostAsync(hub, TextMessage("查订单 SO-A-001", "li.lei"), new WeComPeer(Token, "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, otherKey.StatusCode);
        }

        using (var otherReceiver = await PostAsync(hub, TextMessage("查订单 SO-A-001", "li.lei"), new WeComPeer(Token, Key, "ww-another-corp")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, otherReceiver.StatusCode);
        }

        using (var enterChat = await PostAsync(hub, """{"msgid":"e1","aibotid":"aib-order-robot","from":{"userid":"li.lei"},"msgtype":"event","event":{"eventtype":"enter_chat"}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, enterChat.StatusCode);
            Assert.Equal(string.Empty, await enterChat.Content.ReadAsStringAsync());
        }

        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1250 && e.Message.Contains("WeCom: the signature does not match", StringComparison.Ordinal));
        Assert.Contains(hub.Logs.Entries, e => e.EventId == 1250 && e.Message.Contains("receive id 'ww-another-corp'", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Logs.Entries, e => e.Message.Contains("SO-A-001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotConfigured_EndpointAbsent_HalfConfigured_RefusesToStart()
    {
        await using (var hub = await TestHub.StartAsync(testStore))
        {
            using var response = await PostAsync(hub, TextMessage("查订单 SO-A-001", "li.lei"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var ex = await Assert.ThrowsAsync<HubConfigurationException>(() => TestHub.StartAsync(testStore, 
            $"--Hub:Chat:WeComToken={Token}", "--Hub:Chat:WeComEncodingAesKey=tooShort", "--Hub:Chat:Users:0:Customer=C001"));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Chat:WeComEncodingAesKey is not valid", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Hub:Chat:Users:0 needs a UserId", StringComparison.Ordinal));
    }
}
