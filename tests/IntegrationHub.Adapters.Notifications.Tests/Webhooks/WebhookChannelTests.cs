using System.Web;
using IntegrationHub.Adapters.Notifications.Webhooks;

namespace IntegrationHub.Adapters.Notifications.Tests.Webhooks;

/// <summary>
/// The vendors' clouds cannot be reached here, so each preset posts to <see cref="RobotReceiver"/>, and the test
/// checks the request the way the vendor documents it: JSON shape, and the signature recomputed from the request.
/// </summary>
public sealed class WebhookChannelTests
{
    private static readonly RenderedMessage Message = new("设备 EQ-1 报警", "主轴温度 96 °C，工程师张伟正在处理。", []);
    private static readonly HttpClient Http = new();

    private static WebhookChannel Channel(WebhookKind kind, Uri url, string? secret = null) =>
        new("robot", new WebhookSettings { Kind = kind, Url = url, Secret = secret }, Http, TimeProvider.System);

    [Fact]
    public async Task DingTalk_SignsTheQueryAsDingTalkDocuments_AndSucceedsOnErrcode0()
    {
        await using var robot = await RobotReceiver.StartAsync();

        var result = await Channel(WebhookKind.DingTalk, robot.Url("/robot/send?access_token=abc"), "SECsecret").SendAsync(Message, CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var (path, body, _) = Assert.Single(robot.Requests);
        var query = HttpUtility.ParseQueryString(new Uri("http://x" + path).Query);
        Assert.Equal("abc", query["access_token"]);
        var timestamp = long.Parse(query["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - timestamp, 0, 60_000);
        Assert.Equal(WebhookSigning.DingTalk(timestamp, "SECsecret"), query["sign"]);
        Assert.Equal("markdown", body!["msgtype"]!.GetValue<string>());
        Assert.Equal("设备 EQ-1 报警", body["markdown"]!["title"]!.GetValue<string>());
        Assert.Contains("张伟", body["markdown"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeCom_RefusalInsideHttp200_IsAPermanentFailureWithTheCode()
    {
        await using var robot = await RobotReceiver.StartAsync();
        robot.Answer = () => (200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}", null);

        var result = await Channel(WebhookKind.WeCom, robot.Url("/cgi-bin/webhook/send?key=k")).SendAsync(Message, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient);
        Assert.Contains("errcode 93000", result.Error, StringComparison.Ordinal);
        var (_, body, _) = Assert.Single(robot.Requests);
        Assert.Equal("markdown", body!["msgtype"]!.GetValue<string>());
    }

    [Fact]
    public async Task Feishu_SignsInTheBody()
    {
        await using var robot = await RobotReceiver.StartAsync();
        robot.Answer = () => (200, "{\"code\":0,\"msg\":\"success\"}", null);

        var result = await Channel(WebhookKind.Feishu, robot.Url("/open-apis/bot/v2/hook/x"), "fs-secret").SendAsync(Message, CancellationToken.None);

        Assert.True(result.Delivered, result.Error);
        var (_, body, _) = Assert.Single(robot.Requests);
        var timestamp = long.Parse(body!["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookSigning.Feishu(timestamp, "fs-secret"), body["sign"]!.GetValue<string>());
        Assert.Equal("text", body["msg_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task TooManyRequests_IsTransientWithTheReceiversRetryAfter()
    {
        await using var robot = await RobotReceiver.StartAsync();
        robot.Answer = () => (429, "slow down", "7");

        var result = await Channel(WebhookKind.Slack, robot.Url("/services/x")).SendAsync(Message, CancellationToken.None);

        Assert.True(result.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(404, false)]
    public async Task HttpFailures_AreTransientOnlyForServerErrors(int status, bool transient)
    {
        await using var robot = await RobotReceiver.StartAsync();
        robot.Answer = () => (status, "nope", null);

        var result = await Channel(WebhookKind.Teams, robot.Url("/webhook")).SendAsync(Message, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.Equal(transient, result.IsTransient);
        var (_, body, _) = Assert.Single(robot.Requests);
        Assert.Equal("MessageCard", body!["@type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Generic_SameKeyOnEveryAttempt_SentAsIdempotencyKeyAndId_ChatRobotsGetNone()
    {
        // Issue 18 item 3: the generic receiver can drop the second copy of a message sent again across a node crash.
        await using var robot = await RobotReceiver.StartAsync();
        robot.Answer = () => (200, "{}", null);
        var keyed = Message with { Key = "0a1b2c3d4e5f60718293a4b5c6d7e8f9" };

        Assert.True((await Channel(WebhookKind.Generic, robot.Url("/hooks/hub")).SendAsync(keyed, CancellationToken.None)).Delivered);
        Assert.True((await Channel(WebhookKind.Generic, robot.Url("/hooks/hub")).SendAsync(keyed, CancellationToken.None)).Delivered);
        Assert.True((await Channel(WebhookKind.Slack, robot.Url("/services/x")).SendAsync(keyed, CancellationToken.None)).Delivered);

        var requests = robot.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests.Take(2), r =>
        {
            Assert.Equal("\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\"", r.Headers[WebhookChannel.IdempotencyHeader].ToString());
            Assert.Equal("0a1b2c3d4e5f60718293a4b5c6d7e8f9", r.Body!["id"]!.GetValue<string>());
        });
        Assert.False(requests[2].Headers.ContainsKey(WebhookChannel.IdempotencyHeader));
        Assert.Null(requests[2].Body!["id"]);
    }

    [Theory]
    [InlineData("m1\"\r\nX-Evil: 1", "U+0022 at position 3")]
    [InlineData("m1\r\nX-Evil: 1", "U+000D at position 3")]
    [InlineData("m1\\", "U+005C at position 3")]
    public async Task Generic_KeyAHeaderCannotCarry_RefusedWholeBeforePosting(string key, string expected)
    {
        await using var robot = await RobotReceiver.StartAsync();

        var result = await Channel(WebhookKind.Generic, robot.Url("/hooks/hub")).SendAsync(Message with { Key = key }, CancellationToken.None);

        Assert.False(result.Delivered);
        Assert.False(result.IsTransient);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("Idempotency-Key", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', result.Error!);
        Assert.Empty(robot.Requests);
    }
}
