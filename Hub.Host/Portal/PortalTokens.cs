using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;
using Microsoft.Extensions.Caching.Memory;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Issues and checks customers' portal tokens. A token is 256 random bits; only its SHA-256 is stored, so a copy
/// of the database gives no usable token. A slow password hash is not needed for secrets of that strength.
/// Valid tokens are remembered for <c>Hub:Portal:TokenCacheDuration</c> (the API and the page sessions share that
/// memory, so a revocation reaches both within it); refusals are not, or made-up tokens would fill memory.
/// </summary>
internal sealed class PortalTokens(IHubStore store, TimeProvider time, HubOptions options, IMemoryCache? cache = null)
{
    /// <summary>Every token starts with this, so that secret scanners and people recognise one.</summary>
    public const string Prefix = "hubp_";

    // 48 random bits: ids are names for people, unique among a plant's tokens; the secret is the other 256.
    private const int IdBytes = 6;

    /// <summary>
    /// Creates a token for a customer, stores its hash and returns the token, which is shown once; null when the
    /// customer is not in the hub's data (a token for a mistyped code would open an empty portal).
    /// </summary>
    public async Task<(string TokenId, string Token)?> IssueAsync(string customerCode, CancellationToken cancellationToken)
    {
        if (await store.GetCustomerAsync(customerCode, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        // Issue 16 item 24: the id is drawn apart from the secret, so logs and listings show nothing of the token.
        // Tokens issued before keep their old id (the first 8 characters of their secret, already in logs): the other
        // 208 bits still protect them, and re-issuing them ends that exposure (docs/security.md).
        var tokenId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        await store.AddPortalTokenAsync(new PortalTokenRecord(tokenId, customerCode, Hash(token), time.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);
        return (tokenId, token);
    }

    /// <summary>The valid, unrevoked token; null otherwise.</summary>
    public Task<PortalTokenRecord?> FindAsync(string token, CancellationToken cancellationToken) =>
        !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128
            ? Task.FromResult<PortalTokenRecord?>(null)
            : FindByHashAsync(Hash(token), cancellationToken);

    /// <summary>The unrevoked token with this hash (as a page session keeps it); null otherwise.</summary>
    public async Task<PortalTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var cacheKey = "portal-token:" + tokenHash;
        if (cache is not null && cache.TryGetValue(cacheKey, out PortalTokenRecord? remembered) && remembered is not null)
        {
            return remembered;
        }

        var record = await FindByHashUncachedAsync(tokenHash, cancellationToken).ConfigureAwait(false);
        if (record is not null && cache is not null && options.Portal.TokenCacheDuration > TimeSpan.Zero)
        {
            cache.Set(cacheKey, record, options.Portal.TokenCacheDuration);
        }

        return record;
    }

    /// <summary>As <see cref="FindByHashAsync"/>, from the store: for a live page, which re-checks each interval anyway.</summary>
    public async Task<PortalTokenRecord?> FindByHashUncachedAsync(string tokenHash, CancellationToken cancellationToken) =>
        await store.FindPortalTokenAsync(tokenHash, cancellationToken).ConfigureAwait(false) is { RevokedAt: null } record ? record : null;

    /// <summary>The stored form of a token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
