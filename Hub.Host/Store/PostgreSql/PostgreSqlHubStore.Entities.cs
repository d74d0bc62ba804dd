using IntegrationHub.Crm.Core.Changes;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

// The entities' upserts of a large batch (issue 17, Benchmarks: an import or a poll of thousands of rows): binary COPY
// into a temporary staging table of the connection, then INSERT ... SELECT ... ON CONFLICT DO UPDATE with the same WHERE
// as the row-by-row upsert. One statement cannot update a row twice ("ON CONFLICT DO UPDATE command cannot affect row a
// second time"), so the n-th change of a key within the batch goes into generation n, and the generations are applied
// in order: each change meets the row its predecessors in the batch left, as if they came one by one. Small batches
// (telemetry, REST, single rows) keep the statements of PostgreSqlHubStore.Apply.cs: a COPY costs more round trips.
internal sealed partial class PostgreSqlHubStore
{
    /// <summary>From this many upserts in a batch on, they go by COPY.</summary>
    internal const int CopyUpsertsFrom = 64;

    private const string EntityStagingSql = """
        CREATE TEMP TABLE IF NOT EXISTS hub_entity_staging (
            generation    INTEGER          NOT NULL,
            kind          TEXT COLLATE "C" NOT NULL,
            entity_key    TEXT COLLATE "C" NOT NULL,
            customer_code TEXT COLLATE "C" NULL,
            order_no      TEXT COLLATE "C" NULL,
            sort_at       BIGINT           NULL,
            source        TEXT COLLATE "C" NOT NULL,
            source_ts     BIGINT           NOT NULL,
            source_ref    TEXT COLLATE "C" NULL,
            body          TEXT             NOT NULL
        ) ON COMMIT DELETE ROWS
        """;

    private const string EntityCopySql = """
        COPY hub_entity_staging (generation, kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body)
        FROM STDIN (FORMAT BINARY)
        """;

    // The WHERE of UpsertSql: only a strictly newer source version with a different body changes a row. The join leaves
    // out, before the insert is tried, the rows whose stored version already wins (issue 17, Benchmarks: a re-import cost
    // 36 µs a row): ON CONFLICT DO UPDATE locks the conflicting row before it evaluates its WHERE, so each unchanged row
    // was locked (its tuple written, WAL logged) to change nothing. The ON CONFLICT clause still decides for a row
    // another transaction stores meanwhile: the join reads the statement's snapshot, and a version only grows.
    private const string EntityMoveSql = """
        INSERT INTO entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at)
        SELECT s.kind, s.entity_key, s.customer_code, s.order_no, s.sort_at, s.source, s.source_ts, s.source_ref, s.body, $2
        FROM hub_entity_staging s
        LEFT JOIN entities e ON e.kind = s.kind AND e.entity_key = s.entity_key
        WHERE s.generation = $1 AND (e.kind IS NULL OR (s.source_ts > e.source_ts AND s.body <> e.body))
        ON CONFLICT (kind, entity_key) DO UPDATE SET
            customer_code = excluded.customer_code, order_no = excluded.order_no, sort_at = excluded.sort_at,
            source = excluded.source, source_ts = excluded.source_ts, source_ref = excluded.source_ref,
            body = excluded.body, stored_at = excluded.stored_at
        WHERE excluded.source_ts > entities.source_ts AND excluded.body <> entities.body
        """;

    /// <summary>
    /// Upserts a batch's entities through the staging table, in the transaction of <paramref name="connection"/>
    /// (whose staging table <see cref="EntityStagingSql"/> made); returns how many rows were inserted or updated.
    /// </summary>
    private static async Task<int> UpsertByCopyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<CanonicalChange> upserts, long now,
        CancellationToken cancellationToken)
    {
        var seen = new Dictionary<(EntityKind Kind, string Key), int>(upserts.Count);
        var generations = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(EntityCopySql, cancellationToken).ConfigureAwait(false))
        {
            foreach (var change in upserts)
            {
                var entity = change.Entity;
                var identity = (entity.Kind, entity.Key);
                var generation = seen.GetValueOrDefault(identity) + 1;
                seen[identity] = generation;
                generations = Math.Max(generations, generation);
                var (customer, order, sort) = StoredChanges.IndexColumns(entity);

                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(generation, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(entity.Kind.ToString(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(entity.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await WriteOrNullAsync(importer, customer, cancellationToken).ConfigureAwait(false);
                await WriteOrNullAsync(importer, order, cancellationToken).ConfigureAwait(false);
                if (sort is { } s)
                {
                    await importer.WriteAsync(StoreTime.Micros(s), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await importer.WriteAsync(change.Stamp.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(StoreTime.Micros(change.Stamp.Timestamp), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await WriteOrNullAsync(importer, change.Stamp.Reference, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(EntityJson.Serialize(entity), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // One round trip for all generations; almost always there is one.
        var moves = Enumerable.Range(1, generations)
            .Select(g => Pg.BatchCommand(EntityMoveSql, Pg.Integer(g), Pg.BigInt(now)))
            .ToList();
        await ExecuteAsync(connection, transaction, moves, cancellationToken).ConfigureAwait(false);
        return moves.Sum(m => m.RecordsAffected);
    }

    private static async Task WriteOrNullAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }
    }
}
