using System.Security.Claims;
using System.Security.Cryptography;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Portal;

/// <summary>
/// Portal page sessions kept server-side (issue 16 item 3): sign-out deletes the session, so a copied cookie replayed
/// afterwards is refused, as is every session of a revoked token. A check is trusted for
/// <c>Hub:Portal:TokenCacheDuration</c>; a sign-out in this process forgets it at once.
/// </summary>
internal sealed class PortalSessions(PortalTokens tokens, ISessionStore sessions, RecentChecks recent, TimeProvider time, HubOptions options)
{
    /// <summary>The SHA-256 of the token the principal was authenticated with (API callers and page sessions alike).</summary>
    public const string TokenHashClaim = "token";

    /// <summary>The token's id: the key of its rate limit, and its name in logs.</summary>
    public const string TokenIdClaim = "token_id";

    public const string SessionClaim = "portal_session";

    /// <summary>The principal of an API call made with this token.</summary>
    public static ClaimsPrincipal ApiPrincipal(PortalTokenRecord token, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(PortalAuthenticationHandler.CustomerClaim, token.CustomerCode),
            new Claim(TokenHashClaim, token.TokenHash),
            new Claim(TokenIdClaim, token.TokenId),
        ],
        scheme));

    /// <summary>Starts a page session for a token just verified; returns the cookie's principal.</summary>
    public async Task<ClaimsPrincipal> StartAsync(PortalTokenRecord token, CancellationToken cancellationToken)
    {
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await sessions.CreateAsync(SessionKinds.Portal, sessionId, token.TokenHash, now, now - options.Portal.SessionDuration - TimeSpan.FromHours(1), cancellationToken)
            .ConfigureAwait(false);
        var principal = ApiPrincipal(token, PortalSession.Scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, sessionId));
        return principal;
    }

    /// <summary>Ends this principal's page session for every copy of its cookie; false when it had none or it had ended.</summary>
    public async Task<bool> EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(SessionClaim) is not { } sessionId)
        {
            return false;
        }

        recent.Forget(CacheKey(sessionId));
        return await sessions.EndAsync(SessionKinds.Portal, sessionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True while the page session and its token are valid.</summary>
    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var sessionId = principal.FindFirstValue(SessionClaim);
        var hash = principal.FindFirstValue(TokenHashClaim);
        var customer = principal.FindFirstValue(PortalAuthenticationHandler.CustomerClaim);
        if (sessionId is null || hash is null || customer is null)
        {
            // A cookie made before issue 16's fix names no server-side session: the customer signs in again.
            return false;
        }

        if (recent.IsFresh(CacheKey(sessionId)))
        {
            return true;
        }

        var valid = await tokens.FindByHashAsync(hash, cancellationToken).ConfigureAwait(false) is { } token
            && string.Equals(token.CustomerCode, customer, StringComparison.Ordinal)
            && await sessions.TouchAsync(SessionKinds.Portal, sessionId, hash, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (valid)
        {
            recent.Remember(CacheKey(sessionId), options.Portal.TokenCacheDuration);
        }

        return valid;
    }

    /// <summary>
    /// For a live page, each interval (issue 16 item 4): the token as the store has it now (not as remembered), and the
    /// page session when the page has one.
    /// </summary>
    public async Task<bool> IsStillLiveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var hash = principal.FindFirstValue(TokenHashClaim);
        var customer = principal.FindFirstValue(PortalAuthenticationHandler.CustomerClaim);
        if (hash is null || customer is null
            || await tokens.FindByHashUncachedAsync(hash, cancellationToken).ConfigureAwait(false) is not { } token
            || !string.Equals(token.CustomerCode, customer, StringComparison.Ordinal))
        {
            return false;
        }

        return principal.FindFirstValue(SessionClaim) is null || await IsValidAsync(principal, cancellationToken).ConfigureAwait(false);
    }

    private static string CacheKey(string sessionId) => "portal-session:" + sessionId;
}
