using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Hub.Host.Chat;

/// <summary>
/// Checks that a message really comes from DingTalk: its <c>timestamp</c> header (milliseconds) is within an hour of
/// now, and its <c>sign</c> header is Base64(HMAC-SHA256(AppSecret, timestamp + "\n" + AppSecret)), as DingTalk's
/// documentation for robots that receive messages specifies.
/// </summary>
internal static class DingTalkSignature
{
    private static readonly TimeSpan MaxSkew = TimeSpan.FromHours(1);

    public static string Compute(string timestamp, string appSecret) => Convert.ToBase64String(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(timestamp + "\n" + appSecret)));

    /// <summary>Null when the message is genuine and fresh; otherwise why not.</summary>
    public static string? Check(string? timestamp, string? sign, string appSecret, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(sign))
        {
            return "the timestamp or sign header is missing";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
            || (now - DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(millis, 0, 253402300799999))).Duration() > MaxSkew)
        {
            return "the timestamp is not within an hour of now";
        }

        var expected = Encoding.ASCII.GetBytes(Compute(timestamp, appSecret));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(sign)) ? null : "the signature does not match";
    }
}
