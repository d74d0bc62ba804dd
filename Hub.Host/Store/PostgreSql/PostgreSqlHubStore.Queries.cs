using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Telemetry;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Telemetry reads, whole-kind listings, portal tokens and dead letters: the same statements as on SQLite, positional.
internal sealed partial class PostgreSqlHubStore
{
    public async Task<IReadOnlyList<AssetMetric>> LatestMetricsAsync(string assetId, CancellationToken cancellationToken)
    {
        // Keys are "<asset>|<metric>": a range on the primary key, where '}' is the character after '|' (the key is
        // COLLATE "C", so the range is by bytes whatever the server's locale).
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            "SELECT body FROM entities WHERE kind = $1 AND entity_key > $2 AND entity_key < $3 ORDER BY entity_key",
            Pg.Text(nameof(EntityKind.AssetMetric)), Pg.Text(assetId + KeyParts.Separator), Pg.Text(assetId + (char)(KeyParts.Separator + 1)));
        return await ReadAllAsync(command, r => (AssetMetric)EntityJson.Deserialize(EntityKind.AssetMetric, r.GetString(0)), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TelemetryReading>> RecentReadingsAsync(string assetId, DateTimeOffset since, int maxPerMetric, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, $"""
            SELECT metric, ts, value, unit, quality FROM (
                SELECT metric, ts, value, unit, quality, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY ts DESC) AS n
                FROM {PostgreSqlSchema.RawTable} WHERE asset_id = $1 AND ts >= $2) AS recent
            WHERE n <= $3
            ORDER BY metric, ts
            """, Pg.Text(assetId), Pg.Micros(since), Pg.Integer(maxPerMetric));
        return await ReadAllAsync(command, r => new TelemetryReading(
                assetId, r.GetString(0), r.GetDouble(2), r.IsDBNull(3) ? null : r.GetString(3), StoreTime.FromMicros(r.GetInt64(1)),
                Enum.TryParse<ReadingQuality>(r.GetString(4), out var quality) ? quality : ReadingQuality.Uncertain), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Customer>> ListCustomersAsync(CancellationToken cancellationToken) =>
        [.. (await ListEntitiesAsync(EntityKind.Customer, cancellationToken).ConfigureAwait(false)).Cast<Customer>()];

    public async Task<IReadOnlyList<CanonicalEntity>> ListEntitiesAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT body FROM entities WHERE kind = $1 ORDER BY entity_key", Pg.Text(kind.ToString()));
        return await ReadAllAsync(command, r => EntityJson.Deserialize(kind, r.GetString(0)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<EntityKind, long>> CountEntitiesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT kind, COUNT(*) FROM entities GROUP BY kind");
        var counts = Enum.GetValues<EntityKind>().ToDictionary(k => k, _ => 0L);
        foreach (var (name, count) in await ReadAllAsync(command, r => (r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<EntityKind>(name, out var kind))
            {
                counts[kind] = count;
            }
        }

        return counts;
    }

    public async Task AddPortalTokenAsync(PortalTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            "INSERT INTO portal_tokens (token_id, customer_code, token_hash, created_at) VALUES ($1, $2, $3, $4)",
            Pg.Text(token.TokenId), Pg.Text(token.CustomerCode), Pg.Text(token.TokenHash), Pg.Micros(token.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PortalTokenRecord?> FindPortalTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var tokens = await QueryTokensAsync("token_hash = $1", tokenHash, cancellationToken).ConfigureAwait(false);
        return tokens.Count == 0 ? null : tokens[0];
    }

    public Task<IReadOnlyList<PortalTokenRecord>> ListPortalTokensAsync(string? customerCode, CancellationToken cancellationToken) =>
        customerCode is null
            ? QueryTokensAsync(null, null, cancellationToken)
            : QueryTokensAsync("customer_code = $1", customerCode, cancellationToken);

    public async Task<int> RevokePortalTokensAsync(string? tokenId, string? customerCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if ((tokenId is null) == (customerCode is null))
        {
            throw new ArgumentException("Name either a token id or a customer code.");
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, tokenId is not null
                ? "UPDATE portal_tokens SET revoked_at = $1 WHERE token_id = $2 AND revoked_at IS NULL"
                : "UPDATE portal_tokens SET revoked_at = $1 WHERE customer_code = $2 AND revoked_at IS NULL",
            Pg.Micros(at), Pg.Text(tokenId ?? customerCode));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PortalTokenRecord>> QueryTokensAsync(string? where, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            "SELECT token_id, customer_code, token_hash, created_at, revoked_at FROM portal_tokens"
            + (where is null ? string.Empty : " WHERE " + where)
            + " ORDER BY created_at");
        if (value is not null)
        {
            command.Parameters.Add(Pg.Text(value));
        }

        return await ReadAllAsync(command, r => new PortalTokenRecord(
                r.GetString(0), r.GetString(1), r.GetString(2), StoreTime.FromMicros(r.GetInt64(3)), r.IsDBNull(4) ? null : StoreTime.FromMicros(r.GetInt64(4))),
                cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(string? source, bool includeReplayed, int take, CancellationToken cancellationToken)
    {
        // Four fixed forms, each prepared once: a plan for "any source" would not use the source index.
        var where = (source is null, includeReplayed) switch
        {
            (true, true) => string.Empty,
            (true, false) => "WHERE replayed_at IS NULL",
            (false, true) => "WHERE source = $2",
            (false, false) => "WHERE source = $2 AND replayed_at IS NULL",
        };
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, $"""
            SELECT id, source, reference, payload, reason, created_at, replayed_at FROM dead_letters
            {where}
            ORDER BY created_at, id
            LIMIT $1
            """, Pg.Integer(take));
        if (source is not null)
        {
            command.Parameters.Add(Pg.Text(source));
        }

        return await ReadAllAsync(command, r => new DeadLetter(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                StoreTime.FromMicros(r.GetInt64(5)), r.IsDBNull(6) ? null : StoreTime.FromMicros(r.GetInt64(6))), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task MarkDeadLettersReplayedAsync(IReadOnlyCollection<string> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "UPDATE dead_letters SET replayed_at = $1 WHERE id = ANY($2)", Pg.Micros(at), Pg.TextArray(ids));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
