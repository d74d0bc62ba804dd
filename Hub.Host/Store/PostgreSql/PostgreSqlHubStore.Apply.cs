using IntegrationHub.Adapters.Mqtt.Client;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Telemetry;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// Writing: one transaction per batch; the upserts, dead letters and watermark go out in NpgsqlBatch round trips of at
// most StatementsPerBatch statements, the readings as one statement of that batch or, from CopyReadingsFrom, by binary
// COPY (PostgreSqlHubStore.Readings.cs), and a large batch's upserts by binary COPY too (PostgreSqlHubStore.Entities.cs).
internal sealed partial class PostgreSqlHubStore
{
    // Bounds the memory of one round trip for the file drop's largest batches (Hub:Files:BatchSize up to 100,000).
    private const int StatementsPerBatch = 1000;

    // Only a strictly newer source version with a different body changes a row, so a replayed or re-imported record is
    // a no-op and an older one arriving late never overwrites a newer one (as on SQLite).
    internal const string UpsertSql = """
        INSERT INTO entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (kind, entity_key) DO UPDATE SET
            customer_code = excluded.customer_code, order_no = excluded.order_no, sort_at = excluded.sort_at,
            source = excluded.source, source_ts = excluded.source_ts, source_ref = excluded.source_ref,
            body = excluded.body, stored_at = excluded.stored_at
        WHERE excluded.source_ts > entities.source_ts AND excluded.body <> entities.body
        """;

    // A letter whose (source, content_key) is stored already is the same row of the same file: skipped (issue 16, item 20).
    private const string DeadLetterSql = """
        INSERT INTO dead_letters (id, source, reference, payload, reason, created_at, content_key)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING
        """;

    private const string WatermarkSql = """
        INSERT INTO poll_watermarks (source, watermark, updated_at) VALUES ($1, $2, $3)
        ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at
        """;

    // Issue 18 item 1: a leased poller's watermark is written only while its lease token is current ($4, $5); the
    // batch's rows go with it (the whole transaction is refused).
    private static readonly string FencedWatermarkSql = $"""
        INSERT INTO poll_watermarks (source, watermark, updated_at) SELECT $1, $2, $3 WHERE {PostgreSqlLeaseStore.FenceSql(4)}
        ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at
        """;

    // Issue 16 item 16: an id already recorded keeps the newer session generation (as on SQLite).
    private const string InboundQos2Sql = """
        INSERT INTO mqtt_inbound_qos2 (client_id, packet_id, generation) VALUES ($1, $2, $3)
        ON CONFLICT (client_id, packet_id) DO UPDATE SET generation = excluded.generation
        WHERE excluded.generation >= mqtt_inbound_qos2.generation
        """;

    public Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken) =>
        ApplyCoreAsync(changes, deadLetters, null, [], cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, IReadOnlyList<MqttQos2Receipt> receipts,
        CancellationToken cancellationToken) =>
        ApplyCoreAsync(changes, deadLetters, null, receipts, cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, PollWatermark watermark,
        CancellationToken cancellationToken) =>
        ApplyCoreAsync(changes, deadLetters, watermark, [], cancellationToken);

    private async Task<ApplyResult> ApplyCoreAsync(
        IReadOnlyList<CanonicalChange> changes, IReadOnlyList<DeadLetter> deadLetters, PollWatermark? watermark,
        IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        if (changes.Count == 0 && deadLetters.Count == 0 && watermark is null && receipts.Count == 0)
        {
            return default;
        }

        var started = instruments?.Start() ?? 0;
        // Issue 23 item 3: an import keeps what customers changed on the portal and the desk approved.
        changes = await PortalKeptPgSql.KeepAsync(connections, changes, cancellationToken).ConfigureAwait(false);
        var readings = DistinctReadings(changes);
        var days = readings.Select(r => RawPartitions.DayOf(StoreTime.Micros(r.Metric.Timestamp))).Distinct().ToList();
        await _partitions.EnsureAsync(days, cancellationToken).ConfigureAwait(false);
        ApplyResult result;
        bool queued;
        try
        {
            (result, queued) = await WriteAsync(changes, readings, deadLetters, watermark, receipts, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation && readings.Count > 0)
        {
            // "no partition of relation found for row": a day this process knew was dropped by another one (retention
            // on another node). The transaction rolled back whole; make the day again and write the batch once more.
            PostgreSqlLog.PartitionMissing(logger);
            await _partitions.RefreshAsync(cancellationToken).ConfigureAwait(false);
            await _partitions.EnsureAsync(days, cancellationToken).ConfigureAwait(false);
            (result, queued) = await WriteAsync(changes, readings, deadLetters, watermark, receipts, cancellationToken).ConfigureAwait(false);
        }

        instruments?.Committed(started);
        if (queued && features is { RuleInputsQueued: { } signal })
        {
            signal.Pulse();
        }

        return result;
    }

    /// <summary>The batch in one transaction; also whether some reading was queued for the rules (to wake the stage).</summary>
    private async Task<(ApplyResult Result, bool Queued)> WriteAsync(
        IReadOnlyList<CanonicalChange> changes, List<Reading> readings, IReadOnlyList<DeadLetter> deadLetters,
        PollWatermark? watermark, IReadOnlyList<MqttQos2Receipt> receipts, CancellationToken cancellationToken)
    {
        // Per reading: queued for the rules stage (watched), unless the rules take it at ingest below.
        var queue = readings.Select(r => Watched(r.Metric)).ToArray();
        var rules = RulesAtIngestFor(readings, queue);
        var now = StoreTime.Micros(time.GetUtcNow());
        var upserts = StoredChanges.LatestPerAssetMetric(changes).ToList();
        var byCopy = upserts.Count >= CopyUpsertsFrom;
        var readingsByCopy = readings.Count >= CopyReadingsFrom;
        var statements = new List<NpgsqlBatchCommand>((byCopy ? 0 : upserts.Count) + deadLetters.Count + receipts.Count + 3);
        if (readingsByCopy)
        {
            statements.Add(new NpgsqlBatchCommand(StagingSql));
        }

        if (byCopy)
        {
            statements.Add(new NpgsqlBatchCommand(EntityStagingSql));
        }

        var firstUpsert = statements.Count;
        if (!byCopy)
        {
            foreach (var change in upserts)
            {
                var entity = change.Entity;
                var (customer, order, sort) = StoredChanges.IndexColumns(entity);
                statements.Add(Pg.BatchCommand(UpsertSql,
                    Pg.Text(entity.Kind.ToString()), Pg.Text(entity.Key), Pg.Text(customer), Pg.Text(order), Pg.Micros(sort),
                    Pg.Text(change.Stamp.Source), Pg.Micros(change.Stamp.Timestamp), Pg.Text(change.Stamp.Reference),
                    Pg.Text(EntityJson.Serialize(entity)), Pg.BigInt(now)));
            }
        }

        var firstLetter = statements.Count;
        foreach (var letter in deadLetters)
        {
            statements.Add(Pg.BatchCommand(DeadLetterSql,
                Pg.Text(letter.Id), Pg.Text(letter.Source), Pg.Text(letter.Reference), Pg.Text(letter.Payload),
                Pg.Text(letter.Reason), Pg.Micros(letter.CreatedAt), Pg.Text(letter.ContentKey)));
        }

        NpgsqlBatchCommand? mark = null;
        if (watermark is not null)
        {
            mark = watermark.Fence is { } fence
                ? Pg.BatchCommand(FencedWatermarkSql, Pg.Text(watermark.Source), Pg.Text(watermark.Value), Pg.BigInt(now), Pg.Text(fence.Name), Pg.BigInt(fence.Token))
                : Pg.BatchCommand(WatermarkSql, Pg.Text(watermark.Source), Pg.Text(watermark.Value), Pg.BigInt(now));
            statements.Add(mark);
        }

        // The MQTT QoS 2 ids become durable with their readings, before the client sends PUBREC (issue 16 item 16).
        foreach (var receipt in receipts)
        {
            statements.Add(Pg.BatchCommand(InboundQos2Sql, Pg.Text(receipt.ClientId), Pg.Integer(receipt.PacketId), Pg.BigInt(receipt.SessionGeneration)));
        }

        // The readings' statement goes last into the batch, once the rules at ingest said which of them to queue.
        var readingsStatement = readings.Count > 0 && !readingsByCopy;
        // A batch that is one NpgsqlBatch and no COPY (a QoS 1 batch of readings, a small import) runs in the implicit
        // transaction of that one round trip: without error barriers Npgsql sends a single Sync, so the statements
        // commit together at its end or not at all, and the COMMIT round trip of an explicit transaction is saved. Not a
        // batch with a watermark: a poller's batch may be refused after its statements ran (issue 18's lease fence checks
        // the watermark's rows affected), which needs a transaction still open to roll back.
        // Leased work's batches without a watermark (the file drop's chunks, REST pages, the MES adapter's records)
        // check the fencing token in the batch's transaction (issue 18 item 1: "a fencing token that every write of that
        // work checks"); a poller's batch is fenced by its watermark statement.
        var fenced = watermark is null && LeaseFence.Current is not null;
        // Nor a batch whose rules may be evaluated at ingest: they lock partitions first and may be refused by a fence.
        var oneRoundTrip = rules is null && !fenced && !byCopy && !readingsByCopy && watermark is null &&
            statements.Count + (readingsStatement ? 1 : 0) <= StatementsPerBatch;
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = oneRoundTrip ? null : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        IngestRulesOutcome? atIngest = null;
        ApplyResult result;
        try
        {
            if (rules is not null)
            {
                // First in the transaction: the partitions' advisory locks come before any row this batch writes.
                atIngest = await EvaluateAtIngestAsync(rules, connection, transaction!, readings, queue, cancellationToken).ConfigureAwait(false);
            }

            if (readingsStatement)
            {
                statements.Add(ArrayReadingsStatement(readings, queue, now));
            }

            await ExecuteAsync(connection, transaction, statements, cancellationToken).ConfigureAwait(false);
            if (mark is { RecordsAffected: 0 } && watermark?.Fence is { } stale)
            {
                throw stale.Refuse($"batch up to watermark {watermark.Value} of {watermark.Source}");
            }

            var changed = byCopy
                ? await UpsertByCopyAsync(connection, transaction!, upserts, now, cancellationToken).ConfigureAwait(false)
                : statements.Skip(firstUpsert).Take(upserts.Count).Sum(s => s.RecordsAffected);
            var deadLettered = statements.Skip(firstLetter).Take(deadLetters.Count).Sum(s => s.RecordsAffected);
            result = new ApplyResult(changed, changes.Count - changed, deadLettered);

            if (transaction is not null)
            {
                if (readingsByCopy)
                {
                    await AppendReadingsAsync(connection, transaction, readings, queue, now, cancellationToken).ConfigureAwait(false);
                }

                if (fenced)
                {
                    // Last, just before the commit: the lease row's FOR SHARE lock, which a renewal waits for, is held for
                    // the commit only, not for the whole batch.
                    await PostgreSqlLeaseStore.CheckFenceAsync(connection, $"batch of {changes.Count} changes and {deadLetters.Count} dead letters", cancellationToken).ConfigureAwait(false);
                }

                if (atIngest is not null)
                {
                    // The rules partitions evaluated here are still this node's, or nothing of the batch is stored.
                    await PostgreSqlLeaseStore.CheckFencesAsync(connection, atIngest.Fences, "rules evaluated with a batch of readings", cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // The rules' evaluators ran ahead of what is stored: they reload the stored state at their next use. The
            // partitions' locks are held until the rollback, so no pass or batch of theirs evaluates before it.
            atIngest?.Abandoned();
            throw;
        }

        atIngest?.Committed();
        return (result, queue.Contains(true));
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, List<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        foreach (var chunk in statements.Chunk(StatementsPerBatch))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var statement in chunk)
            {
                batch.BatchCommands.Add(statement);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<SourceEntity>> GetEntitiesOfSourceAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT kind, entity_key, source_ref FROM entities WHERE source = $1", Pg.Text(source));
        return await ReadAllAsync(command, r => new SourceEntity(r.GetString(0), r.GetString(1), source, r.IsDBNull(2) ? null : r.GetString(2)), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<int> DeleteEntitiesAsync(IReadOnlyList<SourceEntity> entities, CancellationToken cancellationToken)
    {
        if (entities.Count == 0)
        {
            return 0;
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Only while the stored version is still the one named: same source and record reference (NULL matching NULL).
        var statements = entities.Select(e => Pg.BatchCommand(
            "DELETE FROM entities WHERE kind = $1 AND entity_key = $2 AND source = $3 AND source_ref IS NOT DISTINCT FROM $4",
            Pg.Text(e.Kind), Pg.Text(e.EntityKey), Pg.Text(e.Source), Pg.Text(e.SourceRef))).ToList();
        await ExecuteAsync(connection, transaction, statements, cancellationToken).ConfigureAwait(false);
        // Issue 18 item 1: the SQL poller's deleted-row check runs as leased work; a stale token rolls the removal back
        // whole, as it does the poller's batches (the lease row stays locked until the commit).
        await PostgreSqlLeaseStore.CheckFenceAsync(connection, $"deleted-row removal of {entities.Count} entities", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return statements.Sum(s => s.RecordsAffected);
    }

    public async Task<string?> GetPollWatermarkAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection, "SELECT watermark FROM poll_watermarks WHERE source = $1", Pg.Text(source));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
