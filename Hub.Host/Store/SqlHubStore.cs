using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Progress;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Crm.Core.Telemetry;
using static IntegrationHub.Hub.Host.Store.Db;

namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// <see cref="IHubStore"/> over ADO.NET with SQL that SQLite and PostgreSQL both accept; what differs between
/// them (opening, pragmas) lives in the <see cref="IStoreConnectionFactory"/>.
/// </summary>
internal sealed partial class SqlHubStore(IStoreConnectionFactory connections, TimeProvider time, StoreFeatures? features = null) : IHubStore, IAsyncDisposable, IDisposable
{
    // Enough for the portal's concurrent lookups on a small server; more are opened and closed as needed.
    private const int MaxPreparedQueries = 16;

    // Only a strictly newer source version with a different body changes a row, so a replayed or re-imported
    // record is a no-op and an older one arriving late never overwrites a newer one.
    private const string UpsertSql = """
        INSERT INTO entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at)
        VALUES (@kind, @key, @customer, @order, @sort, @source, @ts, @ref, @body, @now)
        ON CONFLICT (kind, entity_key) DO UPDATE SET
            customer_code = excluded.customer_code, order_no = excluded.order_no, sort_at = excluded.sort_at,
            source = excluded.source, source_ts = excluded.source_ts, source_ref = excluded.source_ref,
            body = excluded.body, stored_at = excluded.stored_at
        WHERE excluded.source_ts > entities.source_ts AND excluded.body <> entities.body
        """;

    // A polled source's watermark, written in the transaction of the rows it covers.
    private const string WatermarkSql = """
        INSERT INTO poll_watermarks (source, watermark, updated_at) VALUES (@source, @watermark, @now)
        ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at
        """;

    // Every reading is history, including one that arrives too late to be the latest value; a redelivered one
    // (same asset, metric and time) is ignored. The rules stage's queue (rule_inputs) is filled in the telemetry's own
    // transaction, emptied in the transaction that stores the rules' effects, so a reading is evaluated once even
    // across a crash between the two. Both are written with multi-row VALUES: one statement per 8 readings.
    private static readonly ReadingsInsert Readings = new("telemetry_readings", "source");
    private static readonly ReadingsInsert RuleInputs = new("rule_inputs", "queued");

    private readonly ConcurrentBag<PreparedQuery> _snapshotQueries = [];

    // A letter whose (source, content_key) is stored already is the same row of the same file: skipped (issue 16, item 20).
    private const string DeadLetterSql = """
        INSERT INTO dead_letters (id, source, reference, payload, reason, created_at, content_key)
        VALUES (@id, @source, @ref, @payload, @reason, @at, @key)
        ON CONFLICT DO NOTHING
        """;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_at BIGINT  NOT NULL
            )
            """, cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var command = Command(connection, null, "SELECT version FROM schema_migrations"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        foreach (var (version, name, sql) in SchemaMigrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using var record = Command(connection, transaction,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)");
            Add(record, "@v", version);
            Add(record, "@n", name);
            Add(record, "@at", Micros(time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken) =>
        ApplyCoreAsync(changes, deadLetters, null, [], cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, PollWatermark watermark,
        CancellationToken cancellationToken) =>
        ApplyCoreAsync(changes, deadLetters, watermark, [], cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, IReadOnlyList<MqttQos2Receipt> receipts,
        CancellationToken cancellationToken) =>
        ApplyCoreAsync(changes, deadLetters, null, receipts, cancellationToken);

    public async Task<IReadOnlyList<SourceEntity>> GetEntitiesOfSourceAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT kind, entity_key, source_ref FROM entities WHERE source = @source");
        Add(command, "@source", source);
        var entities = new List<SourceEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entities.Add(new SourceEntity(reader.GetString(0), reader.GetString(1), source, reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return entities;
    }

    public async Task<int> DeleteEntitiesAsync(IReadOnlyList<SourceEntity> entities, CancellationToken cancellationToken)
    {
        if (entities.Count == 0)
        {
            return 0;
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = Command(connection, transaction,
            "DELETE FROM entities WHERE kind = @kind AND entity_key = @key AND source = @source AND source_ref IS @ref");
        var p = new[] { "@kind", "@key", "@source", "@ref" }.Select(name => Add(delete, name, DBNull.Value)).ToArray();
        var deleted = 0;
        foreach (var entity in entities)
        {
            p[0].Value = entity.Kind;
            p[1].Value = entity.EntityKey;
            p[2].Value = entity.Source;
            p[3].Value = (object?)entity.SourceRef ?? DBNull.Value;
            deleted += await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public async Task<string?> GetPollWatermarkAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT watermark FROM poll_watermarks WHERE source = @source");
        Add(command, "@source", source);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<ApplyResult> ApplyCoreAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, PollWatermark? watermark,
        IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        if (changes.Count == 0 && deadLetters.Count == 0 && watermark is null && receipts.Count == 0)
        {
            return default;
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Micros(time.GetUtcNow());
        var changed = 0;
        var deadLettered = 0;

        if (changes.Count > 0)
        {
            await using var upsert = Command(connection, transaction, UpsertSql);
            var p = new[] { "@kind", "@key", "@customer", "@order", "@sort", "@source", "@ts", "@ref", "@body", "@now" }
                .Select(name => Add(upsert, name, DBNull.Value))
                .ToArray();
            foreach (var change in LatestPerAssetMetric(changes))
            {
                var entity = change.Entity;
                var (customer, order, sort) = IndexColumns(entity);
                p[0].Value = entity.Kind.ToString();
                p[1].Value = entity.Key;
                p[2].Value = (object?)customer ?? DBNull.Value;
                p[3].Value = (object?)order ?? DBNull.Value;
                p[4].Value = sort is { } s ? Micros(s) : DBNull.Value;
                p[5].Value = change.Stamp.Source;
                p[6].Value = Micros(change.Stamp.Timestamp);
                p[7].Value = (object?)change.Stamp.Reference ?? DBNull.Value;
                p[8].Value = EntityJson.Serialize(entity);
                p[9].Value = now;
                changed += await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var readings = changes.Where(c => c.Entity is AssetMetric).ToList();
            await Readings.AppendAsync(connection, transaction, readings, 0, cancellationToken).ConfigureAwait(false);
            if (features?.QueueRuleInputs == true)
            {
                // Only what some rule watches: a machine's other metrics cannot change any alarm.
                var watched = features.Watches is { } watches
                    ? [.. readings.Where(c => c.Entity is AssetMetric m && watches(m.AssetId, m.Metric))]
                    : readings;
                await RuleInputs.AppendAsync(connection, transaction, watched, now, cancellationToken).ConfigureAwait(false);
            }
        }

        if (deadLetters.Count > 0)
        {
            await using var insert = Command(connection, transaction, DeadLetterSql);
            var p = new[] { "@id", "@source", "@ref", "@payload", "@reason", "@at", "@key" }
                .Select(name => Add(insert, name, DBNull.Value))
                .ToArray();
            foreach (var letter in deadLetters)
            {
                p[0].Value = letter.Id;
                p[1].Value = letter.Source;
                p[2].Value = letter.Reference;
                p[3].Value = letter.Payload;
                p[4].Value = letter.Reason;
                p[5].Value = Micros(letter.CreatedAt);
                p[6].Value = (object?)letter.ContentKey ?? DBNull.Value;
                deadLettered += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (watermark is not null)
        {
            await using var mark = Command(connection, transaction, WatermarkSql);
            Add(mark, "@source", watermark.Source);
            Add(mark, "@watermark", watermark.Value);
            Add(mark, "@now", now);
            await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Issue 16 item 16: the MQTT QoS 2 ids become durable with their readings, before the client sends PUBREC.
        await SqlMqttSessionStore.AddInboundQos2Async(connection, transaction, receipts, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (features is { QueueRuleInputs: true, RuleInputsQueued: { } signal } && changes.Any(c => c.Entity is AssetMetric))
        {
            signal.Pulse();
        }

        return new ApplyResult(changed, changes.Count - changed, deadLettered);
    }

    /// <summary>
    /// The changes whose upsert can matter, in their order: every change of other kinds, but of the readings of one
    /// asset and metric only the newest (the first of equal times). The upsert only takes a strictly newer reading
    /// with a different body, and a reading's body holds its time, so the latest state ends the same as after
    /// upserting every reading one by one; the others still become history.
    /// </summary>
    private static IEnumerable<CanonicalChange> LatestPerAssetMetric(IReadOnlyList<CanonicalChange> changes)
    {
        var newest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Entity is AssetMetric metric
                && (!newest.TryGetValue(metric.Key, out var best) || changes[i].Stamp.Timestamp > changes[best].Stamp.Timestamp))
            {
                newest[metric.Key] = i;
            }
        }

        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Entity is not AssetMetric metric || newest[metric.Key] == i)
            {
                yield return changes[i];
            }
        }
    }

    /// <summary>
    /// The portal's hot path. It runs on a connection kept open with its statement prepared, so that a lookup does
    /// not parse SQL again: half the cost of a lookup on SQLite (measured in bench/).
    /// </summary>
    public async Task<OrderSnapshot?> GetOrderSnapshotAsync(string orderNo, CancellationToken cancellationToken)
    {
        var query = _snapshotQueries.TryTake(out var pooled)
            ? pooled
            : await PreparedQuery.CreateAsync(connections, "SELECT kind, body FROM entities WHERE order_no = @order", "@order", cancellationToken)
                .ConfigureAwait(false);
        var reusable = false;
        try
        {
            query.Parameter.Value = orderNo;
            var parts = new Dictionary<string, SnapshotParts>(StringComparer.Ordinal) { [orderNo] = new SnapshotParts() };
            await using (var reader = await query.Command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReadSnapshotRowsAsync(reader, parts, cancellationToken).ConfigureAwait(false);
            }

            reusable = true;
            var found = parts[orderNo];
            return found.Order is null ? null : new OrderSnapshot(found.Order, found.Lines, found.WorkOrders, found.Shipments);
        }
        finally
        {
            if (reusable && _snapshotQueries.Count < MaxPreparedQueries)
            {
                _snapshotQueries.Add(query);
            }
            else
            {
                await query.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<OrderSnapshot>> GetOrderSnapshotsAsync(
        IReadOnlyCollection<string> orderNos, CancellationToken cancellationToken)
    {
        if (orderNos.Count == 0)
        {
            return [];
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var names = orderNos.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@o{i}")).ToList();
        await using var command = Command(connection, null,
            $"SELECT kind, body FROM entities WHERE order_no IN ({string.Join(", ", names)})");
        foreach (var (name, value) in names.Zip(orderNos))
        {
            Add(command, name, value);
        }

        var parts = orderNos.Distinct(StringComparer.Ordinal).ToDictionary(o => o, _ => new SnapshotParts(), StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadSnapshotRowsAsync(reader, parts, cancellationToken).ConfigureAwait(false);
        }

        return orderNos
            .Distinct(StringComparer.Ordinal)
            .Select(o => parts[o])
            .Where(p => p.Order is not null)
            .Select(p => new OrderSnapshot(p.Order!, p.Lines, p.WorkOrders, p.Shipments))
            .ToList();
    }

    private static async Task ReadSnapshotRowsAsync(DbDataReader reader, Dictionary<string, SnapshotParts> parts, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entity = EntityJson.Deserialize(Enum.Parse<EntityKind>(reader.GetString(0)), reader.GetString(1));
            switch (entity)
            {
                case SalesOrder o: parts[o.OrderNo].Order = o; break;
                case SalesOrderLine l: parts[l.OrderNo].Lines.Add(l); break;
                case WorkOrder w when w.OrderNo is not null: parts[w.OrderNo].WorkOrders.Add(w); break;
                case Shipment s: parts[s.OrderNo].Shipments.Add(s); break;
            }
        }
    }

    public async Task<IReadOnlyList<SalesOrder>> ListOrdersAsync(
        string customerCode, int skip, int take, CancellationToken cancellationToken, string? search = null)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, string.IsNullOrEmpty(search)
            ? """
                SELECT body FROM entities
                WHERE customer_code = @customer AND kind = @kind
                ORDER BY sort_at DESC, entity_key DESC
                LIMIT @take OFFSET @skip
                """
            : """
                SELECT o.body FROM entities o
                WHERE o.customer_code = @customer AND o.kind = @kind
                  AND (o.entity_key LIKE @number ESCAPE '\' OR EXISTS (
                      SELECT 1 FROM entities l
                      WHERE l.order_no = o.entity_key AND l.kind = @lineKind AND l.body LIKE @item ESCAPE '\'))
                ORDER BY o.sort_at DESC, o.entity_key DESC
                LIMIT @take OFFSET @skip
                """);
        if (!string.IsNullOrEmpty(search))
        {
            var literal = search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            Add(command, "@number", "%" + literal + "%");
            // Lines are stored as JSON: an item code that starts with the text (JSON escapes nothing in a code).
            Add(command, "@item", "%\"itemCode\":\"" + literal + "%");
            Add(command, "@lineKind", nameof(EntityKind.SalesOrderLine));
        }

        Add(command, "@customer", customerCode);
        Add(command, "@kind", nameof(EntityKind.SalesOrder));
        Add(command, "@take", take);
        Add(command, "@skip", skip);
        var orders = new List<SalesOrder>(take);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            orders.Add((SalesOrder)EntityJson.Deserialize(EntityKind.SalesOrder, reader.GetString(0)));
        }

        return orders;
    }

    public async Task<IReadOnlyList<InstalledEquipment>> ListEquipmentAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT body FROM entities WHERE customer_code = @customer AND kind = @kind ORDER BY entity_key
            """);
        Add(command, "@customer", customerCode);
        Add(command, "@kind", nameof(EntityKind.InstalledEquipment));
        var equipment = new List<InstalledEquipment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            equipment.Add((InstalledEquipment)EntityJson.Deserialize(EntityKind.InstalledEquipment, reader.GetString(0)));
        }

        return equipment;
    }

    public async Task<IReadOnlyList<AssetMetric>> LatestMetricsAsync(string assetId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Keys are "<asset>|<metric>": a range on the primary key, where '}' is the character after '|'.
        await using var command = Command(connection, null, """
            SELECT body FROM entities WHERE kind = @kind AND entity_key > @from AND entity_key < @to ORDER BY entity_key
            """);
        Add(command, "@kind", nameof(EntityKind.AssetMetric));
        Add(command, "@from", assetId + KeyParts.Separator);
        Add(command, "@to", assetId + (char)(KeyParts.Separator + 1));
        var metrics = new List<AssetMetric>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            metrics.Add((AssetMetric)EntityJson.Deserialize(EntityKind.AssetMetric, reader.GetString(0)));
        }

        return metrics;
    }

    public async Task<IReadOnlyList<TelemetryReading>> RecentReadingsAsync(string assetId, DateTimeOffset since, int maxPerMetric, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT metric, ts, value, unit, quality FROM (
                SELECT metric, ts, value, unit, quality, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY ts DESC) AS n
                FROM telemetry_readings WHERE asset_id = @asset AND ts >= @since)
            WHERE n <= @max
            ORDER BY metric, ts
            """);
        Add(command, "@asset", assetId);
        Add(command, "@since", Micros(since));
        Add(command, "@max", maxPerMetric);
        var readings = new List<TelemetryReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            readings.Add(new TelemetryReading(assetId, reader.GetString(0), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                FromMicros(reader.GetInt64(1)), Enum.TryParse<ReadingQuality>(reader.GetString(4), out var quality) ? quality : ReadingQuality.Uncertain));
        }

        return readings;
    }

    public async Task<Customer?> GetCustomerAsync(string customerCode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT body FROM entities WHERE kind = @kind AND entity_key = @key");
        Add(command, "@kind", nameof(EntityKind.Customer));
        Add(command, "@key", customerCode);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string body
            ? (Customer)EntityJson.Deserialize(EntityKind.Customer, body)
            : null;
    }

    public async Task<IReadOnlyList<Customer>> ListCustomersAsync(CancellationToken cancellationToken) =>
        [.. (await ListEntitiesAsync(EntityKind.Customer, cancellationToken).ConfigureAwait(false)).Cast<Customer>()];

    public async Task<IReadOnlyList<CanonicalEntity>> ListEntitiesAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT body FROM entities WHERE kind = @kind ORDER BY entity_key");
        Add(command, "@kind", kind.ToString());
        var entities = new List<CanonicalEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entities.Add(EntityJson.Deserialize(kind, reader.GetString(0)));
        }

        return entities;
    }

    public async Task<IReadOnlyDictionary<EntityKind, long>> CountEntitiesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT kind, COUNT(*) FROM entities GROUP BY kind");
        var counts = Enum.GetValues<EntityKind>().ToDictionary(k => k, _ => 0L);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<EntityKind>(reader.GetString(0), out var kind))
            {
                counts[kind] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    public async Task AddPortalTokenAsync(PortalTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO portal_tokens (token_id, customer_code, token_hash, created_at) VALUES (@id, @customer, @hash, @at)
            """);
        Add(command, "@id", token.TokenId);
        Add(command, "@customer", token.CustomerCode);
        Add(command, "@hash", token.TokenHash);
        Add(command, "@at", Micros(token.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<PortalTokenRecord?> FindPortalTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var tokens = await QueryTokensAsync("token_hash = @value", tokenHash, cancellationToken).ConfigureAwait(false);
        return tokens.Count == 0 ? null : tokens[0];
    }

    public Task<IReadOnlyList<PortalTokenRecord>> ListPortalTokensAsync(string? customerCode, CancellationToken cancellationToken) =>
        customerCode is null
            ? QueryTokensAsync(null, null, cancellationToken)
            : QueryTokensAsync("customer_code = @value", customerCode, cancellationToken);

    public async Task<int> RevokePortalTokensAsync(
        string? tokenId, string? customerCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if ((tokenId is null) == (customerCode is null))
        {
            throw new ArgumentException("Name either a token id or a customer code.");
        }

        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, tokenId is not null
            ? "UPDATE portal_tokens SET revoked_at = @at WHERE token_id = @value AND revoked_at IS NULL"
            : "UPDATE portal_tokens SET revoked_at = @at WHERE customer_code = @value AND revoked_at IS NULL");
        Add(command, "@at", Micros(at));
        Add(command, "@value", tokenId ?? customerCode!);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(
        string? source, bool includeReplayed, int take, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = new List<string>();
        if (source is not null)
        {
            where.Add("source = @source");
        }

        if (!includeReplayed)
        {
            where.Add("replayed_at IS NULL");
        }

        await using var command = Command(connection, null, $"""
            SELECT id, source, reference, payload, reason, created_at, replayed_at FROM dead_letters
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : string.Empty)}
            ORDER BY created_at, id
            LIMIT @take
            """);
        if (source is not null)
        {
            Add(command, "@source", source);
        }

        Add(command, "@take", take);
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            letters.Add(new DeadLetter(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                FromMicros(reader.GetInt64(5)), reader.IsDBNull(6) ? null : FromMicros(reader.GetInt64(6))));
        }

        return letters;
    }

    public async Task MarkDeadLettersReplayedAsync(IReadOnlyCollection<string> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, transaction, "UPDATE dead_letters SET replayed_at = @at WHERE id = @id");
        Add(command, "@at", Micros(at));
        var id = Add(command, "@id", string.Empty);
        foreach (var value in ids)
        {
            id.Value = value;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PortalTokenRecord>> QueryTokensAsync(string? where, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT token_id, customer_code, token_hash, created_at, revoked_at FROM portal_tokens"
            + (where is null ? string.Empty : " WHERE " + where)
            + " ORDER BY created_at");
        if (value is not null)
        {
            Add(command, "@value", value);
        }

        var tokens = new List<PortalTokenRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(new PortalTokenRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), FromMicros(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : FromMicros(reader.GetInt64(4))));
        }

        return tokens;
    }

    public async ValueTask DisposeAsync()
    {
        while (_snapshotQueries.TryTake(out var query))
        {
            await query.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        while (_snapshotQueries.TryTake(out var query))
        {
            query.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The columns the lookups filter on, taken out of the entity's body.</summary>
    private static (string? Customer, string? Order, DateTimeOffset? Sort) IndexColumns(CanonicalEntity entity) => entity switch
    {
        Customer c => (c.Code, null, null),
        Contact c => (c.CustomerCode, null, null),
        SalesOrder o => (o.CustomerCode, o.OrderNo, o.OrderDate),
        SalesOrderLine l => (null, l.OrderNo, null),
        WorkOrder w => (null, w.OrderNo, null),
        Shipment s => (null, s.OrderNo, s.ShippedAt),
        InstalledEquipment e => (e.CustomerCode, null, null),
        _ => (null, null, null),
    };

    private sealed class SnapshotParts
    {
        public SalesOrder? Order { get; set; }

        public List<SalesOrderLine> Lines { get; } = [];

        public List<WorkOrder> WorkOrders { get; } = [];

        public List<Shipment> Shipments { get; } = [];
    }
}
