using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Hub.Host.Chat;
using IntegrationHub.Hub.Host.Tests.Support;

namespace IntegrationHub.Hub.Host.Tests.Chat;

/// <summary>A chat user's message to a running hub, posted as DingTalk posts it (signed JSON); returns the robot's markdown reply.</summary>
internal static class DingTalkChat
{
    public static async Task<string> AskAsync(TestHub hub, string secret, string text, string staffId, string? messageId = null)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/dingtalk")
        {
            Content = JsonContent.Create(new { msgtype = "text", msgId = messageId ?? Guid.NewGuid().ToString("N"), text = new { content = text }, senderStaffId = staffId }),
        };
        request.Headers.Add("timestamp", timestamp);
        request.Headers.Add("sign", DingTalkSignature.Compute(timestamp, secret));
        using var response = await hub.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("markdown").GetProperty("text").GetString()!;
    }
}
