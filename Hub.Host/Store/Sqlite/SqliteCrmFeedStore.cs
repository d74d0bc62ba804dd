using System.Data.Common;
using IntegrationHub.Hub.Host.Outbox;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="ICrmFeedStore"/> on SQLite: the log <c>crm_changes</c> that the triggers of schema step 21 fill, and
/// <c>crm_api_keys</c>.
/// </summary>
internal sealed class SqliteCrmFeedStore(IStoreConnectionFactory connections) : ICrmFeedStore
{
    public async Task<CrmFeedPage> ReadAsync(long after, IReadOnlyCollection<string> kinds, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read transaction: WAL gives it one snapshot, so the last id and the rows agree.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ReadRowsAsync(connection, transaction, after, kinds, limit, cancellationToken).ConfigureAwait(false);
        await using var head = Command(connection, transaction, "SELECT (SELECT epoch FROM crm_feed), (SELECT coalesce(max(id), 0) FROM crm_changes)");
        await using var headReader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await headReader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var page = new CrmFeedPage(headReader.GetString(0), headReader.GetInt64(1), rows);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return page;
    }

    public async Task<int> QueueWebhooksAsync(
        string subscription, IReadOnlyCollection<string> kinds, int take, Func<CrmChangeRow, OutboxMessage> render, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE (the provider's default): the writer lock from the first read, so the position read is the one moved.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var position = Command(connection, transaction, "SELECT last_id FROM crm_webhook_cursors WHERE subscription = @s");
        Add(position, "@s", subscription);
        var after = await position.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        await using var head = Command(connection, transaction, "SELECT coalesce(max(id), 0) FROM crm_changes");
        var lastId = Convert.ToInt64(await head.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        var queued = 0;
        long next;
        if (after is null)
        {
            next = lastId;
        }
        else
        {
            var page = await ReadRowsAsync(connection, transaction, Convert.ToInt64(after, System.Globalization.CultureInfo.InvariantCulture), kinds, take, cancellationToken).ConfigureAwait(false);
            next = page.Count == take ? page[^1].Id : lastId;
            foreach (var row in page)
            {
                queued += await SqliteOutboxInsert.InsertAsync(connection, transaction, render(row), $"{subscription}/{row.Kind}/{row.Key}", row.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        await using var move = Command(connection, transaction, """
            INSERT INTO crm_webhook_cursors (subscription, last_id) VALUES (@s, @id)
            ON CONFLICT (subscription) DO UPDATE SET last_id = excluded.last_id
            """);
        Add(move, "@s", subscription);
        Add(move, "@id", next);
        await move.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return queued;
    }

    public async Task AddKeyAsync(CrmApiKeyRecord key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO crm_api_keys (key_id, consumer, key_hash, kinds, created_at) VALUES (@id, @consumer, @hash, @kinds, @at)
            """);
        Add(command, "@id", key.KeyId);
        Add(command, "@consumer", key.Consumer);
        Add(command, "@hash", key.KeyHash);
        Add(command, "@kinds", string.Join(',', key.Kinds));
        Add(command, "@at", Micros(key.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CrmApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        var keys = await QueryKeysAsync("WHERE key_hash = @hash", keyHash, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    public Task<IReadOnlyList<CrmApiKeyRecord>> ListKeysAsync(CancellationToken cancellationToken) =>
        QueryKeysAsync(string.Empty, null, cancellationToken);

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "UPDATE crm_api_keys SET revoked_at = @at WHERE key_id = @id AND revoked_at IS NULL");
        Add(command, "@at", Micros(at));
        Add(command, "@id", keyId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<List<CrmChangeRow>> ReadRowsAsync(
        DbConnection connection, DbTransaction transaction, long after, IReadOnlyCollection<string> kinds, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<CrmChangeRow>();
        if (kinds.Count == 0)
        {
            return rows;
        }

        var names = kinds.Select((_, i) => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        await using var select = Command(connection, transaction,
            $"SELECT id, kind, entity_key, order_no, body FROM crm_changes WHERE id > @after AND kind IN ({string.Join(", ", names)}) ORDER BY id LIMIT @limit");
        Add(select, "@after", after);
        Add(select, "@limit", limit);
        foreach (var (name, kind) in names.Zip(kinds))
        {
            Add(select, name, kind);
        }

        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new CrmChangeRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3), reader.GetString(4)));
        }

        return rows;
    }

    private async Task<IReadOnlyList<CrmApiKeyRecord>> QueryKeysAsync(string where, string? hash, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"SELECT key_id, consumer, key_hash, kinds, created_at, revoked_at FROM crm_api_keys {where} ORDER BY created_at, key_id");
        if (hash is not null)
        {
            Add(command, "@hash", hash);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadKeysAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads rows of (key_id, consumer, key_hash, kinds, created_at, revoked_at); shared with PostgreSQL's store.</summary>
    internal static async Task<IReadOnlyList<CrmApiKeyRecord>> ReadKeysAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var keys = new List<CrmApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new CrmApiKeyRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
                FromMicros(reader.GetInt64(4)), NullableMicros(reader, 5)));
        }

        return keys;
    }
}
