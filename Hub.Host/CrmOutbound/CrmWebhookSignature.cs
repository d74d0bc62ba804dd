using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// The signature of a CRM webhook (issue 23 item 1): HMAC-SHA256 keyed with the subscription's secret over
/// "&lt;timestamp&gt;.&lt;body&gt;", sent as <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c> beside
/// <c>X-Hub-Timestamp: &lt;Unix seconds&gt;</c>. The timestamp is signed too, so a receiver that refuses old timestamps
/// (say, more than five minutes off) refuses a replayed request, and <c>X-Hub-Delivery</c> lets it drop a repeat.
/// </summary>
internal static class CrmWebhookSignature
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string TimestampHeader = "X-Hub-Timestamp";
    public const string DeliveryHeader = "X-Hub-Delivery";

    /// <summary>The header value <c>sha256=&lt;lower-case hex&gt;</c> for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }
}
