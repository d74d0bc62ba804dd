using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Crm.Core.Telemetry;
using Microsoft.Data.Sqlite;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

// Storing what the adapters bring: upserts of the latest state, telemetry history and the rules' queue, dead letters
// and a polled source's watermark, in one transaction per batch; and the removal of a source's vanished records.
internal sealed partial class SqliteHubStore
{
    // A polled source's watermark, written in the transaction of the rows it covers.
    private const string WatermarkSql = """
        INSERT INTO poll_watermarks (source, watermark, updated_at) VALUES (@source, @watermark, @now)
        ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at
        """;

    // Issue 18 item 1: a leased poller's watermark is written only while its lease token is current; the batch's rows
    // go with it (the whole transaction is refused).
    private const string FencedWatermarkSql = $"""
        INSERT INTO poll_watermarks (source, watermark, updated_at) SELECT @source, @watermark, @now WHERE {SqliteLeaseStore.FenceSql}
        ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at
        """;

    // Every reading is history, including one that arrives too late to be the latest value; a redelivered one
    // (same asset, metric and time) is ignored. The rules stage's queue (rule_inputs) is filled in the telemetry's own
    // transaction, emptied in the transaction that stores the rules' effects, so a reading is evaluated once even
    // across a crash between the two. Both are written with multi-row VALUES: one statement per 8 readings.
    private static readonly ReadingsInsert Readings = new("telemetry_readings", "source");
    private static readonly ReadingsInsert RuleInputs = new("rule_inputs", "queued");

    // A letter whose (source, content_key) is stored already is the same row of the same file: skipped (issue 16, item 20).
    private const string DeadLetterSql = """
        INSERT INTO dead_letters (id, source, reference, payload, reason, created_at, content_key)
        VALUES (@id, @source, @ref, @payload, @reason, @at, @key)
        ON CONFLICT DO NOTHING
        """;

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
        // Issue 18 item 1: the SQL poller's deleted-row check runs as leased work; a node whose lease moved on must not
        // remove what the new holder may just have stored again, so the removal is fenced like the poller's batches.
        await SqliteLeaseStore.CheckFenceAsync(connection, transaction, $"deleted-row removal of {entities.Count} entities", cancellationToken).ConfigureAwait(false);
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
        if (deleted > 0)
        {
            // A removed line or shipment names no order here: every live page re-reads, rarely (a source's removals).
            changeFeed?.Publish(ChangeNotice.Everything);
        }

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

        var started = instruments?.Start() ?? 0;
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (watermark is null)
        {
            // Leased work's batches without a watermark (file chunks, REST pages, MES records) check the fencing token
            // in their transaction (issue 18 item 1); a poller's batch is fenced by its watermark statement below.
            await SqliteLeaseStore.CheckFenceAsync(connection, transaction, $"batch of {changes.Count} changes and {deadLetters.Count} dead letters", cancellationToken).ConfigureAwait(false);
        }

        var now = Micros(time.GetUtcNow());
        var changed = 0;
        var deadLettered = 0;
        var queued = false;
        IngestRulesOutcome? atIngest = null;
        SqliteRulesUnitOfWork? rulesWork = null;
        try
        {
            if (changes.Count > 0)
            {
                // Issue 23 item 3: an import keeps what customers changed on the portal and the desk approved.
                changes = await PortalKeptSql.KeepAsync(connection, transaction, changes, cancellationToken).ConfigureAwait(false);
                // SQLite's own handle, in this transaction (EntityUpsert.cs): the import's hottest statement.
                changed = EntityUpsert.Apply((SqliteConnection)connection, StoredChanges.LatestPerAssetMetric(changes), now);

                var readings = changes.Where(c => c.Entity is AssetMetric).ToList();
                await Readings.AppendAsync(connection, transaction, readings, 0, cancellationToken).ConfigureAwait(false);
                if (features?.QueueRuleInputs == true)
                {
                    // Only what some rule watches: a machine's other metrics cannot change any alarm.
                    IReadOnlyList<CanonicalChange> watched = features.Watches is { } watches
                        ? [.. readings.Where(c => c.Entity is AssetMetric m && watches(m.AssetId, m.Metric))]
                        : readings;
                    // Issue 20 item 1: evaluated here when the rules can; the rest is queued as before.
                    (watched, atIngest, rulesWork) = await EvaluateAtIngestAsync((SqliteConnection)connection, transaction, watched, cancellationToken).ConfigureAwait(false);
                    await RuleInputs.AppendAsync(connection, transaction, watched, now, cancellationToken).ConfigureAwait(false);
                    queued = watched.Count > 0;
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
                await using var mark = Command(connection, transaction, watermark.Fence is null ? WatermarkSql : FencedWatermarkSql);
                Add(mark, "@source", watermark.Source);
                Add(mark, "@watermark", watermark.Value);
                Add(mark, "@now", now);
                if (watermark.Fence is { } fence)
                {
                    Add(mark, "@lease", fence.Name);
                    Add(mark, "@token", fence.Token);
                }

                if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0 && watermark.Fence is { } stale)
                {
                    throw stale.Refuse($"batch up to watermark {watermark.Value} of {watermark.Source}");
                }
            }

            // Issue 16 item 16: the MQTT QoS 2 ids become durable with their readings, before the client sends PUBREC.
            await SqliteMqttSessionStore.AddInboundQos2Async(connection, transaction, receipts, cancellationToken).ConfigureAwait(false);
            if (atIngest is not null)
            {
                await CheckRuleFencesAsync(connection, transaction, atIngest, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The rules' evaluators ran ahead of what is stored: they reload the stored state at their next use.
            atIngest?.Abandoned();
            throw;
        }

        atIngest?.Committed();
        rulesWork?.PublishSaved();
        instruments?.Committed(started);
        if (changeFeed is { } feed)
        {
            // After the commit, as PostgreSQL delivers NOTIFY: a page re-reads what is durable. An order written again
            // unchanged is told too; its page re-reads and finds nothing new.
            foreach (var orderNo in StoredChanges.OrderNumbers(changes))
            {
                feed.Publish(new ChangeNotice(ChangeKind.Order, orderNo));
            }
        }

        if (queued && features is { RuleInputsQueued: { } signal })
        {
            signal.Pulse();
        }

        return new ApplyResult(changed, changes.Count - changed, deadLettered);
    }
}
