using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary><see cref="ISessionStore"/> on PostgreSQL: one row per session in <c>hub_sessions</c>.</summary>
internal sealed class PostgreSqlSessionStore(PostgreSqlConnections connections) : ISessionStore
{
    public async Task CreateAsync(string kind, string sessionId, string subject, DateTimeOffset at, DateTimeOffset unusedBefore, CancellationToken cancellationToken)
    {
        // The purge of the kind's unused sessions and the new row go out together, one round trip.
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Pg.BatchCommand("DELETE FROM hub_sessions WHERE kind = $1 AND seen_at < $2", Pg.Text(kind), Pg.Micros(unusedBefore)),
                Pg.BatchCommand("INSERT INTO hub_sessions (session_id, kind, subject, created_at, seen_at) VALUES ($1, $2, $3, $4, $4)",
                    Pg.Text(sessionId), Pg.Text(kind), Pg.Text(subject), Pg.Micros(at)),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks the session as used now; false when it does not exist (signed out, ended by an admin, or forgotten), or
    /// belongs to another subject than the cookie names.
    /// </summary>
    public async Task<bool> TouchAsync(string kind, string sessionId, string subject, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE hub_sessions SET seen_at = $1 WHERE session_id = $2 AND kind = $3 AND subject = $4", cancellationToken,
            Pg.Micros(at), Pg.Text(sessionId), Pg.Text(kind), Pg.Text(subject)).ConfigureAwait(false) == 1;

    public async Task<bool> EndAsync(string kind, string sessionId, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM hub_sessions WHERE session_id = $1 AND kind = $2", cancellationToken,
            Pg.Text(sessionId), Pg.Text(kind)).ConfigureAwait(false) == 1;

    public Task<int> EndAllAsync(string kind, string subject, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM hub_sessions WHERE kind = $1 AND subject = $2", cancellationToken, Pg.Text(kind), Pg.Text(subject));

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
