using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Issues and checks customers' portal tokens. A token is 256 random bits; only its SHA-256 is stored, so a copy
/// of the database gives no usable token. A slow password hash is not needed for secrets of that strength.
/// </summary>
internal sealed class PortalTokens(IHubStore store, TimeProvider time)
{
    /// <summary>Every token starts with this, so that secret scanners and people recognise one.</summary>
    public const string Prefix = "hubp_";

    /// <summary>Creates a token for a customer, stores its hash and returns the token, which is shown once.</summary>
    public async Task<(string TokenId, string Token)> IssueAsync(string customerCode, CancellationToken cancellationToken)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = Prefix + secret;
        var tokenId = secret[..8];
        await store.AddPortalTokenAsync(new PortalTokenRecord(tokenId, customerCode, Hash(token), time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
        return (tokenId, token);
    }

    /// <summary>The customer a valid, unrevoked token belongs to; null otherwise.</summary>
    public async Task<string?> FindCustomerAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return null;
        }

        var record = await store.FindPortalTokenAsync(Hash(token), cancellationToken).ConfigureAwait(false);
        return record is { RevokedAt: null } ? record.CustomerCode : null;
    }

    /// <summary>The stored form of a token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
