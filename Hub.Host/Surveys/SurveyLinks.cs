using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IntegrationHub.Hub.Host.Surveys;

/// <summary>
/// A survey link's token (issue 24 item 5): 16 random bytes and the ticket number, sealed with the hub's Data
/// Protection key ring (authenticated encryption, HMAC-SHA256; the keys live in the store, so every node and a
/// restarted hub read them, and no secret file of its own is needed). The store keeps only the SHA-256 of the random
/// part, so a copy of the database cannot answer anybody's survey. A token that is not one this hub sealed (a flipped
/// byte, a spliced or truncated one, another ticket's) reads as null, and the caller answers as for an unknown link.
/// </summary>
internal sealed class SurveyLinks(IDataProtectionProvider protection)
{
    /// <summary>The page a link opens; the token follows the <c>#</c>, so it never reaches a server's or proxy's log.</summary>
    public const string PagePath = "/portal/survey.html";

    /// <summary>Longer than any token the hub writes, with room; a longer value is refused before any work.</summary>
    public const int MaxTokenLength = 512;

    /// <summary>The Data Protection purpose of survey tokens: a token of another purpose (a CRM cursor) never reads as one.</summary>
    public const string Purpose = "IntegrationHub.Surveys.Link.v1";

    private const int RandomBytes = 16;

    private static readonly System.Buffers.SearchValues<char> TokenAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    /// <summary>A new token for the ticket, and the hash to store with the invitation.</summary>
    public (string Token, string IdHash) Issue(string ticketNo)
    {
        var id = RandomNumberGenerator.GetBytes(RandomBytes);
        var payload = new byte[RandomBytes + Encoding.UTF8.GetByteCount(ticketNo)];
        id.CopyTo(payload, 0);
        Encoding.UTF8.GetBytes(ticketNo, payload.AsSpan(RandomBytes));
        return (WebEncoders.Base64UrlEncode(_protector.Protect(payload)), Hash(id));
    }

    /// <summary>The hash and ticket number sealed in <paramref name="token"/>; null when it is not a token this hub wrote.</summary>
    public (string IdHash, string TicketNo)? Read(string? token)
    {
        // Only the base64url alphabet: the decoder would skip white space, so a token with a line break would pass.
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || token.AsSpan().ContainsAnyExcept(TokenAlphabet))
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return payload.Length > RandomBytes
                ? (Hash(payload.AsSpan(0, RandomBytes)), Encoding.UTF8.GetString(payload, RandomBytes, payload.Length - RandomBytes))
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The link to put in a message: the page's path after <paramref name="publicAddress"/> (when set), then the token.</summary>
    public static string Link(string? publicAddress, string token) =>
        $"{(publicAddress ?? string.Empty).TrimEnd('/')}{PagePath}#{token}";

    private static string Hash(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(SHA256.HashData(id));
}
