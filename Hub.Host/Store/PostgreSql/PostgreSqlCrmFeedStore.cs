using IntegrationHub.Hub.Host.Outbox;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="ICrmFeedStore"/> on PostgreSQL: the log <c>crm_changes</c>, whose ids the commit-time trigger of schema
/// step 12 hands out in commit order, and <c>crm_api_keys</c>.
/// </summary>
internal sealed class PostgreSqlCrmFeedStore(PostgreSqlConnections connections) : ICrmFeedStore
{
    // One statement, so one snapshot under READ COMMITTED: last_id and the rows come from the same moment. The lateral
    // join keeps the head row when no change matches.
    private const string ReadSql = """
        SELECT f.epoch, f.last_id, c.id, c.kind, c.entity_key, c.order_no, c.body
        FROM crm_feed f
        LEFT JOIN LATERAL (
            SELECT id, kind, entity_key, order_no, body FROM crm_changes
            WHERE id > $1 AND kind = ANY($2) ORDER BY id LIMIT $3) c ON true
        ORDER BY c.id
        """;

    public async Task<CrmFeedPage> ReadAsync(long after, IReadOnlyCollection<string> kinds, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(connection, after, kinds, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> QueueWebhooksAsync(
        string subscription, IReadOnlyCollection<string> kinds, int take, Func<CrmChangeRow, OutboxMessage> render, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The row lock serialises two nodes' passes of one subscription; the second finds the moved position.
        await using var position = Pg.Command(connection, "SELECT last_id FROM crm_webhook_cursors WHERE subscription = $1 FOR UPDATE", Pg.Text(subscription));
        if (await position.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long after)
        {
            await using var start = Pg.Command(connection,
                "INSERT INTO crm_webhook_cursors (subscription, last_id) SELECT $1, last_id FROM crm_feed ON CONFLICT (subscription) DO NOTHING", Pg.Text(subscription));
            await start.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var page = await ReadAsync(connection, after, kinds, take, cancellationToken).ConfigureAwait(false);
        var queued = 0;
        foreach (var row in page.Rows)
        {
            queued += await PostgreSqlOutboxInsert.InsertAsync(connection, render(row), $"{subscription}/{row.Kind}/{row.Key}", row.Id, cancellationToken).ConfigureAwait(false);
        }

        await using var move = Pg.Command(connection, "UPDATE crm_webhook_cursors SET last_id = $2 WHERE subscription = $1",
            Pg.Text(subscription), Pg.BigInt(page.Rows.Count == take ? page.Rows[^1].Id : page.LastId));
        await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return queued;
    }

    private static async Task<CrmFeedPage> ReadAsync(NpgsqlConnection connection, long after, IReadOnlyCollection<string> kinds, int limit, CancellationToken cancellationToken)
    {
        await using var command = Pg.Command(connection, ReadSql, Pg.BigInt(after), Pg.TextArray(kinds), Pg.Integer(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<CrmChangeRow>();
        string? epoch = null;
        long lastId = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            epoch = reader.GetString(0);
            lastId = reader.GetInt64(1);
            if (!reader.IsDBNull(2))
            {
                rows.Add(new CrmChangeRow(reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
            }
        }

        return new CrmFeedPage(epoch ?? throw new InvalidOperationException("The crm_feed row is missing: the schema's step 12 did not run."), lastId, rows);
    }

    public async Task AddKeyAsync(CrmApiKeyRecord key, CancellationToken cancellationToken) =>
        await ExecuteAsync("INSERT INTO crm_api_keys (key_id, consumer, key_hash, kinds, created_at) VALUES ($1, $2, $3, $4, $5)", cancellationToken,
            Pg.Text(key.KeyId), Pg.Text(key.Consumer), Pg.Text(key.KeyHash), Pg.Text(string.Join(',', key.Kinds)), Pg.Micros(key.CreatedAt)).ConfigureAwait(false);

    public async Task<CrmApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        var keys = await QueryKeysAsync("WHERE key_hash = $1", [Pg.Text(keyHash)], cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    public Task<IReadOnlyList<CrmApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken) =>
        QueryKeysAsync(string.Empty, [], cancellationToken);

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE crm_api_keys SET revoked_at = $1 WHERE key_id = $2 AND revoked_at IS NULL", cancellationToken,
            Pg.Micros(at), Pg.Text(keyId)).ConfigureAwait(false) == 1;

    private async Task<IReadOnlyList<CrmApiKeyRecord>> QueryKeysAsync(string where, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            $"SELECT key_id, consumer, key_hash, kinds, created_at, revoked_at FROM crm_api_keys {where} ORDER BY created_at, key_id", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteCrmFeedStore.ReadKeysAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
