using IntegrationHub.Hub.Host.Desk;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary><see cref="IDeskUserStore"/> on PostgreSQL: the <c>desk_users</c> table, one statement per call.</summary>
internal sealed class PostgreSqlDeskUserStore(PostgreSqlConnections connections) : IDeskUserStore
{
    public Task UpsertAsync(string userName, string passwordHash, DeskRole role, DateTimeOffset createdAt, string securityStamp, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO desk_users (username, password_hash, role, created_at, security_stamp) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role, disabled_at = NULL,
                security_stamp = excluded.security_stamp
            """, cancellationToken, Pg.Text(userName), Pg.Text(passwordHash), Pg.Text(role.ToString()), Pg.Micros(createdAt), Pg.Text(securityStamp));

    // Each change sets the new stamp in the same statement, so no request can see the change with the old stamp.
    public async Task<bool> SetRoleAsync(string userName, DeskRole role, string securityStamp, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE desk_users SET role = $1, security_stamp = $2 WHERE username = $3", cancellationToken,
            Pg.Text(role.ToString()), Pg.Text(securityStamp), Pg.Text(userName)).ConfigureAwait(false) == 1;

    public async Task<bool> DisableAsync(string userName, DateTimeOffset at, string securityStamp, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE desk_users SET disabled_at = $1, security_stamp = $2 WHERE username = $3", cancellationToken,
            Pg.Micros(at), Pg.Text(securityStamp), Pg.Text(userName)).ConfigureAwait(false) == 1;

    public async Task<bool> SetStampAsync(string userName, string securityStamp, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE desk_users SET security_stamp = $1 WHERE username = $2", cancellationToken,
            Pg.Text(securityStamp), Pg.Text(userName)).ConfigureAwait(false) == 1;

    public Task SetStampIfMissingAsync(string userName, string securityStamp, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE desk_users SET security_stamp = $1 WHERE username = $2 AND security_stamp IS NULL", cancellationToken,
            Pg.Text(securityStamp), Pg.Text(userName));

    public async Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM desk_users WHERE username = $1", cancellationToken, Pg.Text(userName)).ConfigureAwait(false) == 1;

    public async Task<DeskUser?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            "SELECT username, password_hash, role, created_at, disabled_at, security_stamp FROM desk_users WHERE username = $1", Pg.Text(userName));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DeskUser(
                reader.GetString(0), reader.GetString(1), Enum.Parse<DeskRole>(reader.GetString(2)), StoreTime.FromMicros(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : StoreTime.FromMicros(reader.GetInt64(4)), reader.IsDBNull(5) ? null : reader.GetString(5))
            : null;
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
