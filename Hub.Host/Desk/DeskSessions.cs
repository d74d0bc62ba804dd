using System.Security.Claims;
using System.Security.Cryptography;
using IntegrationHub.Hub.Host.Desk.Ldap;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Desk sessions checked against the store (issue 16 item 3). The cookie names a server-side session and the user's
/// security stamp at sign-in; a request is refused when the session was signed out, or when the user was deleted,
/// disabled, or had the role or password changed since (each gives a new stamp). A success is trusted for
/// <c>Hub:Desk:SessionCheckInterval</c>; sign-out in this process forgets it at once.
/// </summary>
internal sealed partial class DeskSessions(
    DeskUsers users, ISessionStore sessions, RecentChecks recent, TimeProvider time, HubOptions options, LdapDirectory directory, ILogger<DeskSessions> logger)
{
    public const string SessionClaim = "desk_session";
    public const string StampClaim = "desk_stamp";

    /// <summary>Where the user signed in: absent for a local account, <see cref="DirectorySource"/> for the directory.</summary>
    public const string SourceClaim = "desk_source";

    /// <summary>Starts a session for a user whose password was just verified; returns the cookie's principal.</summary>
    public async Task<ClaimsPrincipal> StartAsync(DeskUser user, CancellationToken cancellationToken)
    {
        user = await users.WithStampAsync(user, cancellationToken).ConfigureAwait(false);
        var sessionId = await CreateSessionAsync(user.UserName, cancellationToken).ConfigureAwait(false);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(ClaimTypes.Role, user.Role.ToString()),
                new Claim(SessionClaim, sessionId),
                new Claim(StampClaim, user.SecurityStamp!),
            ],
            DeskAuthentication.Scheme));
    }

    private async Task<string> CreateSessionAsync(string userName, CancellationToken cancellationToken)
    {
        var sessionId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        // Rows unused for longer than a cookie can live belong to expired cookies; they go as new sessions come.
        await sessions.CreateAsync(SessionKinds.Desk, sessionId, userName, now, now - options.Desk.SessionDuration - TimeSpan.FromHours(1), cancellationToken)
            .ConfigureAwait(false);
        return sessionId;
    }

    /// <summary>Ends the session of this principal for every copy of its cookie.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(SessionClaim) is { } sessionId)
        {
            recent.Forget(CacheKey(sessionId));
            recent.Forget(RecheckKey(sessionId));
            await sessions.EndAsync(SessionKinds.Desk, sessionId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Null when the session may go on; otherwise why it may not, for the log.</summary>
    public async Task<string?> RefusalAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userName = principal.Identity?.Name;
        var sessionId = principal.FindFirstValue(SessionClaim);
        if (userName is not null && sessionId is not null && principal.FindFirstValue(SourceClaim) == DirectorySource)
        {
            return await DirectoryRefusalAsync(principal, userName, sessionId, cancellationToken).ConfigureAwait(false);
        }

        var stamp = principal.FindFirstValue(StampClaim);
        if (userName is null || sessionId is null || stamp is null)
        {
            return "the cookie names no server-side session (made before issue 16's fix); sign in again";
        }

        if (recent.IsFresh(CacheKey(sessionId)))
        {
            return null;
        }

        var user = await users.FindAsync(userName, cancellationToken).ConfigureAwait(false);
        var refusal = user switch
        {
            null => "the user was deleted",
            { DisabledAt: not null } => "the user is disabled",
            _ when !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal) => "the user's role or password changed, or the user was signed out everywhere",
            _ when !string.Equals(user.Role.ToString(), principal.FindFirstValue(ClaimTypes.Role), StringComparison.Ordinal) => "the user's role changed",
            _ => null,
        };
        if (refusal is null && !await sessions.TouchAsync(SessionKinds.Desk, sessionId, userName, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            refusal = "the session was signed out";
        }

        if (refusal is null)
        {
            recent.Remember(CacheKey(sessionId), options.Desk.SessionCheckInterval);
        }

        return refusal;
    }

    private static string CacheKey(string sessionId) => "desk-session:" + sessionId;
}
