using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Adapters.Notifications.Webhooks;

/// <summary>The robots' request signatures, as their vendors document them.</summary>
internal static class WebhookSigning
{
    /// <summary>
    /// DingTalk: base64 of HMAC-SHA256 keyed with the secret over "&lt;timestamp in ms&gt;\n&lt;secret&gt;", sent URL-encoded
    /// as the <c>sign</c> query parameter beside <c>timestamp</c>.
    /// </summary>
    public static string DingTalk(long timestampMilliseconds, string secret)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{timestampMilliseconds}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Feishu/Lark: base64 of HMAC-SHA256 keyed with "&lt;timestamp in s&gt;\n&lt;secret&gt;" over an empty message, sent in
    /// the JSON body as <c>sign</c> beside <c>timestamp</c>.
    /// </summary>
    public static string Feishu(long timestampSeconds, string secret)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{timestampSeconds}\n{secret}");
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()));
    }
}
