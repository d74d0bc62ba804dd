using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.WebUtilities;

namespace IntegrationHub.Hub.Host.CrmOutbound;

/// <summary>
/// API keys of the CRMs that pull the change feed (issue 23 item 1): issued by <c>hub crm issue-key</c>, shown once,
/// stored as their SHA-256 only (a key is 256 random bits, so a plain hash is enough: there is nothing to guess), scoped
/// to kinds, revoked by <c>hub crm revoke-key</c>. Every request looks its key up, so a revocation holds at the next
/// request, on every node.
/// </summary>
internal sealed class CrmApiKeys(ICrmFeedStore store, TimeProvider time)
{
    /// <summary>The header that carries the key; never the URL, which ends up in proxies' and servers' logs.</summary>
    public const string Header = "X-Api-Key";

    private const string Prefix = "hubcrm_";
    private const int MaxKeyLength = 200;
    private const int MaxConsumerLength = 64;

    /// <summary>Issues a key for <paramref name="consumer"/> allowed to read <paramref name="kinds"/> (canonical names).</summary>
    public async Task<(string KeyId, string Key)> IssueAsync(string consumer, IReadOnlyList<string> kinds, CancellationToken cancellationToken)
    {
        consumer = consumer.Trim();
        if (consumer.Length is 0 or > MaxConsumerLength || consumer.Any(char.IsControl))
        {
            throw new ArgumentException($"The consumer name {CrmText.Quote(consumer)} must be 1 to {MaxConsumerLength} characters without control characters.", nameof(consumer));
        }

        if (kinds.Count == 0)
        {
            throw new ArgumentException("A key needs at least one kind.", nameof(kinds));
        }

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var key = Prefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await store.AddKeyAsync(new CrmApiKeyRecord(keyId, consumer, Hash(key), kinds, time.GetUtcNow(), null), cancellationToken).ConfigureAwait(false);
        return (keyId, key);
    }

    /// <summary>The active key sent in <paramref name="value"/>; null for a missing, malformed, unknown or revoked one alike.</summary>
    public async Task<CrmApiKeyRecord?> AuthenticateAsync(string? value, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxKeyLength || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = await store.FindKeyAsync(Hash(value), cancellationToken).ConfigureAwait(false);
        return key is { RevokedAt: null } ? key : null;
    }

    /// <summary>Whether a query-string value looks like one of our keys (so a key sent in a URL is refused, not ignored).</summary>
    public static bool LooksLikeKey(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
