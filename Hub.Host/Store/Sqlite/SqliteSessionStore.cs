using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary><see cref="ISessionStore"/> on SQLite: one row per session in <c>hub_sessions</c>.</summary>
internal sealed class SqliteSessionStore(IStoreConnectionFactory connections, ChangeFanOut? changes = null) : ISessionStore
{
    public async Task CreateAsync(string kind, string sessionId, string subject, DateTimeOffset at, DateTimeOffset unusedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var purge = Command(connection, null, "DELETE FROM hub_sessions WHERE kind = @k AND seen_at < @before"))
        {
            Add(purge, "@k", kind);
            Add(purge, "@before", Micros(unusedBefore));
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var command = Command(connection, null, """
            INSERT INTO hub_sessions (session_id, kind, subject, created_at, seen_at) VALUES (@id, @k, @s, @at, @at)
            """);
        Add(command, "@id", sessionId);
        Add(command, "@k", kind);
        Add(command, "@s", subject);
        Add(command, "@at", Micros(at));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks the session as used now; false when it does not exist (signed out, ended by an admin, or forgotten), or
    /// belongs to another subject than the cookie names.
    /// </summary>
    public async Task<bool> TouchAsync(string kind, string sessionId, string subject, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "UPDATE hub_sessions SET seen_at = @at WHERE session_id = @id AND kind = @k AND subject = @s");
        Add(command, "@at", Micros(at));
        Add(command, "@id", sessionId);
        Add(command, "@k", kind);
        Add(command, "@s", subject);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> EndAsync(string kind, string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM hub_sessions WHERE session_id = @id AND kind = @k");
        Add(command, "@id", sessionId);
        Add(command, "@k", kind);
        return Ended(await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false)) == 1;
    }

    public async Task<int> EndAllAsync(string kind, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM hub_sessions WHERE kind = @k AND subject = @s");
        Add(command, "@k", kind);
        Add(command, "@s", subject);
        return Ended(await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false));
    }

    // Open live pages of an ended session close now, not at their next fall-back read (issue 18 item 4).
    private int Ended(int sessions)
    {
        if (sessions > 0)
        {
            changes?.Publish(ChangeNotice.Credentials);
        }

        return sessions;
    }
}
