using System.Security.Claims;
using IntegrationHub.Hub.Host.Desk.Ldap;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Sessions of directory users (issue 23 item 4). A directory user has no row in the user table: the cookie carries the
/// source, and the session is checked against the session table (sign-out, <c>hub desk sign-out</c>) on every check
/// and against the directory every <c>Hub:Desk:Ldap:RecheckInterval</c> (deleted, locked, removed from the groups, role
/// changed). While the directory cannot be reached, sessions go on: sign-in is refused, work in progress is not cut.
/// </summary>
internal sealed partial class DeskSessions
{
    public const string DirectorySource = "ldap";

    /// <summary>Starts a session for a user the directory just accepted; returns the cookie's principal.</summary>
    public async Task<ClaimsPrincipal> StartDirectoryAsync(string userName, DeskRole role, CancellationToken cancellationToken)
    {
        var sessionId = await CreateSessionAsync(userName, cancellationToken).ConfigureAwait(false);
        recent.Remember(RecheckKey(sessionId), options.Desk.Ldap.RecheckInterval);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, userName),
                new Claim(ClaimTypes.Role, role.ToString()),
                new Claim(SessionClaim, sessionId),
                new Claim(SourceClaim, DirectorySource),
            ],
            DeskAuthentication.Scheme));
    }

    private async Task<string?> DirectoryRefusalAsync(ClaimsPrincipal principal, string userName, string sessionId, CancellationToken cancellationToken)
    {
        if (recent.IsFresh(CacheKey(sessionId)))
        {
            return null;
        }

        if (!directory.Enabled)
        {
            return "directory sign-in is turned off (Hub:Desk:Ldap:Servers is empty)";
        }

        if (!await sessions.TouchAsync(SessionKinds.Desk, sessionId, userName, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return "the session was signed out";
        }

        if (!recent.IsFresh(RecheckKey(sessionId)))
        {
            var outcome = await directory.RecheckAsync(userName, cancellationToken).ConfigureAwait(false);
            var refusal = outcome.Verdict switch
            {
                LdapVerdict.Refused => outcome.Reason,
                LdapVerdict.Accepted when !string.Equals(outcome.Role.ToString(), principal.FindFirstValue(ClaimTypes.Role), StringComparison.Ordinal) =>
                    $"the user's role in the directory is now {outcome.Role}",
                _ => null,
            };
            if (refusal is not null)
            {
                await sessions.EndAsync(SessionKinds.Desk, sessionId, cancellationToken).ConfigureAwait(false);
                LdapLog.SessionEnded(logger, IntegrationHub.Adapters.Abstractions.LogText.Escape(userName), refusal);
                return refusal;
            }

            if (outcome.Verdict == LdapVerdict.Unavailable)
            {
                LdapLog.RecheckSkipped(logger, IntegrationHub.Adapters.Abstractions.LogText.Escape(userName), outcome.Reason);
            }

            recent.Remember(RecheckKey(sessionId), options.Desk.Ldap.RecheckInterval);
        }

        recent.Remember(CacheKey(sessionId), options.Desk.SessionCheckInterval);
        return null;
    }

    private static string RecheckKey(string sessionId) => "desk-ldap-recheck:" + sessionId;
}
