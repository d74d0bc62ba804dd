using IntegrationHub.Hub.Host.Desk;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary><see cref="IDeskUserStore"/> on SQLite: the <c>desk_users</c> table, one statement per call.</summary>
internal sealed class SqliteDeskUserStore(IStoreConnectionFactory connections) : IDeskUserStore
{
    public async Task UpsertAsync(string userName, string passwordHash, DeskRole role, DateTimeOffset createdAt, string securityStamp, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO desk_users (username, password_hash, role, created_at, security_stamp) VALUES (@u, @h, @r, @at, @stamp)
            ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, disabled_at = NULL,
                security_stamp = excluded.security_stamp
            """);
        Add(command, "@u", userName);
        Add(command, "@h", passwordHash);
        Add(command, "@r", role.ToString());
        Add(command, "@at", Micros(createdAt));
        Add(command, "@stamp", securityStamp);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> SetRoleAsync(string userName, DeskRole role, string securityStamp, CancellationToken cancellationToken) =>
        UpdateAsync(userName, "role = @value", role.ToString(), securityStamp, cancellationToken);

    public Task<bool> DisableAsync(string userName, DateTimeOffset at, string securityStamp, CancellationToken cancellationToken) =>
        UpdateAsync(userName, "disabled_at = @value", Micros(at), securityStamp, cancellationToken);

    public Task<bool> SetStampAsync(string userName, string securityStamp, CancellationToken cancellationToken) =>
        UpdateAsync(userName, "username = @value", userName, securityStamp, cancellationToken);

    public async Task SetStampIfMissingAsync(string userName, string securityStamp, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "UPDATE desk_users SET security_stamp = @s WHERE username = @u AND security_stamp IS NULL");
        Add(command, "@s", securityStamp);
        Add(command, "@u", userName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM desk_users WHERE username = @u");
        Add(command, "@u", userName);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
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

    // One statement sets the change and the new stamp, so no request can see the change with the old stamp.
    private async Task<bool> UpdateAsync(string userName, string assignment, object value, string securityStamp, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"UPDATE desk_users SET {assignment}, security_stamp = @stamp WHERE username = @u");
        Add(command, "@value", value);
        Add(command, "@stamp", securityStamp);
        Add(command, "@u", userName);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
