using System.Security.Cryptography;
using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Identity;
using IntegrationHub.Hub.Host.Store.Sqlite;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Desk users and their passwords. Hashes are ASP.NET Core Identity's PBKDF2 format (HMAC-SHA512, 100,000
/// iterations, salted), so a stolen database does not give the passwords away. Every change that must end the user's
/// sessions (password, role, disable, delete, sign-out everywhere) gives the user a new security stamp and deletes the
/// user's session rows (issue 16 item 3).
/// </summary>
internal sealed class DeskUsers(IStoreConnectionFactory connections, TimeProvider time)
{
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<string> Hasher = new();

    private readonly SqliteSessionStore _sessions = new(connections);

    /// <summary>Adds a user, or sets a new password and role for an existing one (and enables it); its sessions end.</summary>
    public async Task SetAsync(string userName, string password, DeskRole role, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"A desk password needs at least {MinPasswordLength} characters.", nameof(password));
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO desk_users (username, password_hash, role, created_at, security_stamp) VALUES (@u, @h, @r, @at, @stamp)
            ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, disabled_at = NULL,
                security_stamp = excluded.security_stamp
            """);
        Add(command, "@u", userName);
        Add(command, "@h", Hasher.HashPassword(userName, password));
        Add(command, "@r", role.ToString());
        Add(command, "@at", Micros(time.GetUtcNow()));
        Add(command, "@stamp", NewStamp());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await _sessions.EndAllAsync(SessionKinds.Desk, userName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a user's role; the user's sessions end. False when there is no such user.</summary>
    public Task<bool> SetRoleAsync(string userName, DeskRole role, CancellationToken cancellationToken) =>
        UpdateAsync(userName, "role = @value", role.ToString(), cancellationToken);

    /// <summary>Disables a user: sign-in is refused and the user's sessions end. False when there is no such user.</summary>
    public Task<bool> DisableAsync(string userName, CancellationToken cancellationToken) =>
        UpdateAsync(userName, "disabled_at = @value", Micros(time.GetUtcNow()), cancellationToken);

    /// <summary>Ends every session of a user (a lost laptop) without other change. False when there is no such user.</summary>
    public Task<bool> SignOutEverywhereAsync(string userName, CancellationToken cancellationToken) =>
        UpdateAsync(userName, "username = @value", userName, cancellationToken);

    /// <summary>Deletes a user and ends its sessions. False when there is no such user.</summary>
    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM desk_users WHERE username = @u");
        Add(command, "@u", userName);
        var found = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        await _sessions.EndAllAsync(SessionKinds.Desk, userName, cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>The user with a security stamp: a user made before stamps existed gets one now.</summary>
    public async Task<DeskUser> WithStampAsync(DeskUser user, CancellationToken cancellationToken)
    {
        if (user.SecurityStamp is not null)
        {
            return user;
        }

        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Command(connection, null, "UPDATE desk_users SET security_stamp = @s WHERE username = @u AND security_stamp IS NULL"))
        {
            Add(command, "@s", NewStamp());
            Add(command, "@u", user.UserName);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await FindAsync(user.UserName, cancellationToken).ConfigureAwait(false) is { SecurityStamp: not null } stamped
            ? stamped
            : throw new InvalidOperationException($"Desk user '{user.UserName}' vanished while signing in.");
    }

    // One statement sets the change and a new stamp, so no request can see the change with the old stamp.
    private async Task<bool> UpdateAsync(string userName, string assignment, object value, CancellationToken cancellationToken)
    {
        int updated;
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = Command(connection, null, $"UPDATE desk_users SET {assignment}, security_stamp = @stamp WHERE username = @u"))
        {
            Add(command, "@value", value);
            Add(command, "@stamp", NewStamp());
            Add(command, "@u", userName);
            updated = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await _sessions.EndAllAsync(SessionKinds.Desk, userName, cancellationToken).ConfigureAwait(false);
        return updated == 1;
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

    public async Task<DeskUser?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT username, password_hash, role, created_at, disabled_at, security_stamp FROM desk_users WHERE username = @u");
        Add(command, "@u", userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DeskUser(reader.GetString(0), reader.GetString(1), Enum.Parse<DeskRole>(reader.GetString(2)), FromMicros(reader.GetInt64(3)), NullableMicros(reader, 4), NullableString(reader, 5))
            : null;
    }

    private static readonly string DummyHash = Hasher.HashPassword("-", Guid.NewGuid().ToString());
}
