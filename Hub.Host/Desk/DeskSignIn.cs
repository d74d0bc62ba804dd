using System.Security.Claims;
using IntegrationHub.Adapters.Abstractions;
using IntegrationHub.Hub.Host.Desk.Ldap;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>A successful desk sign-in: the cookie's principal, and the name and role the browser is told.</summary>
internal sealed record DeskSignInResult(ClaimsPrincipal Principal, string UserName, DeskRole Role);

/// <summary>
/// Which account a sign-in name is checked against (issue 23 item 4). A name that exists as a local account
/// (<c>hub desk add-user</c>) is checked against that account only and never sent to the directory; any other name goes
/// to the directory when <c>Hub:Desk:Ldap</c> is set. So a local emergency account signs in whatever the directory's
/// state, its password never travels to the directory server, and wrong local passwords never count towards a
/// directory lockout. Every refusal gives the browser the same answer.
/// </summary>
internal sealed class DeskSignIn(DeskUsers users, LdapDirectory directory, DeskSessions sessions, ILogger<DeskSignIn> logger)
{
    /// <summary>The new session, or null when the sign-in is refused (wrong name or password, disabled, locked, no role, directory down).</summary>
    public async Task<DeskSignInResult?> SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        if (!directory.Enabled || await users.FindAsync(login, cancellationToken).ConfigureAwait(false) is not null)
        {
            return await users.VerifyAsync(login, password, cancellationToken).ConfigureAwait(false) is { } local
                ? new DeskSignInResult(await sessions.StartAsync(local, cancellationToken).ConfigureAwait(false), local.UserName, local.Role)
                : null;
        }

        var outcome = await directory.SignInAsync(login, password, cancellationToken).ConfigureAwait(false);
        switch (outcome.Verdict)
        {
            case LdapVerdict.Accepted:
                LdapLog.SignedIn(logger, LogText.Escape(outcome.UserName), outcome.Server ?? "?", outcome.Role);
                return new DeskSignInResult(
                    await sessions.StartDirectoryAsync(outcome.UserName!, outcome.Role, cancellationToken).ConfigureAwait(false), outcome.UserName!, outcome.Role);
            case LdapVerdict.Refused:
                LdapLog.Refused(logger, LogText.Escape(login), outcome.Reason);
                return null;
            default:
                // LdapDirectory logged each server's problem and the outage (1852, 1853).
                return null;
        }
    }
}
