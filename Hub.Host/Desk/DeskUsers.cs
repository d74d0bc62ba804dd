using IntegrationHub.Hub.Host.Store;
using Microsoft.AspNetCore.Identity;
using static IntegrationHub.Hub.Host.Store.Db;

namespace IntegrationHub.Hub.Host.Desk;

/// <summary>
/// Desk users and their passwords. Hashes are ASP.NET Core Identity's PBKDF2 format (HMAC-SHA512, 100,000
/// iterations, salted), so a stolen database does not give the passwords away.
/// </summary>
internal sealed class DeskUsers(IStoreConnectionFactory connections, TimeProvider time)
{
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Adds a user, or sets a new password and role for an existing one.</summary>
    public async Task SetAsync(string userName, string password, DeskRole role, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (password.Length < MinPasswordLength)
        {
            throw new ArgumentException($"A desk password needs at least {MinPasswordLength} characters.", nameof(password));
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO desk_users (username, password_hash, role, created_at) VALUES (@u, @h, @r, @at)
            ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, disabled_at = NULL
            """);
        Add(command, "@u", userName);
        Add(command, "@h", Hasher.HashPassword(userName, password));
        Add(command, "@r", role.ToString());
        Add(command, "@at", Micros(time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

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
        await using var command = Command(connection, null, "SELECT username, password_hash, role, created_at, disabled_at FROM desk_users WHERE username = @u");
        Add(command, "@u", userName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DeskUser(reader.GetString(0), reader.GetString(1), Enum.Parse<DeskRole>(reader.GetString(2)), FromMicros(reader.GetInt64(3)), NullableMicros(reader, 4))
            : null;
    }

    private static readonly string DummyHash = Hasher.HashPassword("-", Guid.NewGuid().ToString());
}
