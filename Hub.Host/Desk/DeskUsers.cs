using System.Security.Cryptography;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Identity;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Desk users and their passwords. Hashes are ASP.NET Core Identity's PBKDF2 format (HMAC-SHA512, 100,000
/// iterations, salted), so a stolen database does not give the passwords away. Every change that must end the user's
/// sessions (password, role, disable, delete, sign-out everywhere) gives the user a new security stamp and deletes the
/// user's session rows (issue 16 item 3).
/// </summary>
internal sealed class DeskUsers(IDeskUserStore store, ISessionStore sessions, TimeProvider time)
{
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Adds a user, or sets a new password and role for an existing one (and enables it); its sessions end.</summary>
    public async Task SetAsync(string userName, string password, DeskRole role, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"A desk password needs at least {MinPasswordLength} characters.", nameof(password));
        }

        await store.UpsertAsync(userName, Hasher.HashPassword(userName, password), role, time.GetUtcNow(), NewStamp(), cancellationToken).ConfigureAwait(false);
        await sessions.EndAllAsync(SessionKinds.Desk, userName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a user's role; the user's sessions end. False when there is no such user.</summary>
    public Task<bool> SetRoleAsync(string userName, DeskRole role, CancellationToken cancellationToken) =>
        EndSessionsAfterAsync(userName, store.SetRoleAsync(userName, role, NewStamp(), cancellationToken), cancellationToken);

    /// <summary>Disables a user: sign-in is refused and the user's sessions end. False when there is no such user.</summary>
    public Task<bool> DisableAsync(string userName, CancellationToken cancellationToken) =>
        EndSessionsAfterAsync(userName, store.DisableAsync(userName, time.GetUtcNow(), NewStamp(), cancellationToken), cancellationToken);

    /// <summary>
    /// Ends every session of a user (a lost laptop) without other change. False when there is no such local user and
    /// no session was ended: a directory user has no row here, only sessions (issue 23 item 4).
    /// </summary>
    public async Task<bool> SignOutEverywhereAsync(string userName, CancellationToken cancellationToken)
    {
        var found = await store.SetStampAsync(userName, NewStamp(), cancellationToken).ConfigureAwait(false);
        return await sessions.EndAllAsync(SessionKinds.Desk, userName, cancellationToken).ConfigureAwait(false) > 0 || found;
    }

    /// <summary>Deletes a user and ends its sessions. False when there is no such user.</summary>
    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken) =>
        EndSessionsAfterAsync(userName, store.DeleteAsync(userName, cancellationToken), cancellationToken);

    /// <summary>The user with a security stamp: a user made before stamps existed gets one now.</summary>
    public async Task<DeskUser> WithStampAsync(DeskUser user, CancellationToken cancellationToken)
    {
        if (user.SecurityStamp is not null)
        {
            return user;
        }

        await store.SetStampIfMissingAsync(user.UserName, NewStamp(), cancellationToken).ConfigureAwait(false);
        return await FindAsync(user.UserName, cancellationToken).ConfigureAwait(false) is { SecurityStamp: not null } stamped
            ? stamped
            : throw new InvalidOperationException($"Desk user '{user.UserName}' vanished while signing in.");
    }

    // The store sets the change and a new stamp in one statement; the session rows go after it, found or not.
    private async Task<bool> EndSessionsAfterAsync(string userName, Task<bool> change, CancellationToken cancellationToken)
    {
        var found = await change.ConfigureAwait(false);
        await sessions.EndAllAsync(SessionKinds.Desk, userName, cancellationToken).ConfigureAwait(false);
        return found;
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The user when the name and password match an enabled account; null otherwise (same answer for both).</summary>
    public async Task<DeskUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await FindAsync(userName, cancellationToken).ConfigureAwait(false);
        if (user is null || user.DisabledAt is not null)
        {
            // Hash anyway, so a wrong user name takes as long as a wrong password.
            Hasher.VerifyHashedPassword(userName, DummyHash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(userName, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    public Task<DeskUser?> FindAsync(string userName, CancellationToken cancellationToken) => store.FindAsync(userName, cancellationToken);

    private static readonly string DummyHash = Hasher.HashPassword("-", Guid.NewGuid().ToString());
}
