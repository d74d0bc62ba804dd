using System.Buffers;
using System.Text.Json;
using IntegrationHub.Crm.Core.Changes;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// The entities' upsert on SQLite's own handle, inside the connection's open transaction: one statement prepared per
/// batch, its ten parameters bound by position, and the body bound as the UTF-8 the serializer wrote into a buffer
/// reused for the whole batch. Through the provider every parameter was bound by name on every row (SQLite finds a
/// name by a linear search) and the body went UTF-8 to UTF-16 and back: issue 17's import benchmark measured the
/// store at 36.9 µs of a row's 48 (bench/results/2026-12-06-import.md). Rows are upserted one by one, in the batch's
/// order, so two changes of one key in a batch meet the same WHERE as if they came in two batches.
/// </summary>
internal static class EntityUpsert
{
    // Only a strictly newer source version with a different body changes a row, so a replayed or re-imported
    // record is a no-op and an older one arriving late never overwrites a newer one.
    private const string Sql = """
        INSERT INTO entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        ON CONFLICT (kind, entity_key) DO UPDATE SET
            customer_code = excluded.customer_code, order_no = excluded.order_no, sort_at = excluded.sort_at,
            source = excluded.source, source_ts = excluded.source_ts, source_ref = excluded.source_ref,
            body = excluded.body, stored_at = excluded.stored_at
        WHERE excluded.source_ts > entities.source_ts AND excluded.body <> entities.body
        """;

    /// <summary>Upserts <paramref name="changes"/> in order; returns how many rows were inserted or updated.</summary>
    public static int Apply(SqliteConnection connection, IEnumerable<CanonicalChange> changes, long now)
    {
        var database = connection.Handle
            ?? throw new InvalidOperationException("The SQLite connection is not open: the entities cannot be written.");
        CheckNative(database, raw.sqlite3_prepare_v2(database, Sql, out var statement));
        using (statement)
        {
            var body = new ArrayBufferWriter<byte>(1024);
            using var writer = new Utf8JsonWriter(body, EntityJson.WriterOptions);
            var changed = 0;
            foreach (var change in changes)
            {
                var entity = change.Entity;
                var (customer, order, sort) = StoredChanges.IndexColumns(entity);
                body.ResetWrittenCount();
                writer.Reset(body);
                EntityJson.Write(writer, entity);
                writer.Flush();

                CheckNative(database, raw.sqlite3_bind_text(statement, 1, entity.Kind.ToString()));
                CheckNative(database, raw.sqlite3_bind_text(statement, 2, entity.Key));
                CheckNative(database, customer is null ? raw.sqlite3_bind_null(statement, 3) : raw.sqlite3_bind_text(statement, 3, customer));
                CheckNative(database, order is null ? raw.sqlite3_bind_null(statement, 4) : raw.sqlite3_bind_text(statement, 4, order));
                CheckNative(database, sort is { } s ? raw.sqlite3_bind_int64(statement, 5, Micros(s)) : raw.sqlite3_bind_null(statement, 5));
                CheckNative(database, raw.sqlite3_bind_text(statement, 6, change.Stamp.Source));
                CheckNative(database, raw.sqlite3_bind_int64(statement, 7, Micros(change.Stamp.Timestamp)));
                CheckNative(database, change.Stamp.Reference is { } reference
                    ? raw.sqlite3_bind_text(statement, 8, reference)
                    : raw.sqlite3_bind_null(statement, 8));
                CheckNative(database, raw.sqlite3_bind_text(statement, 9, body.WrittenSpan));
                CheckNative(database, raw.sqlite3_bind_int64(statement, 10, now));

                var result = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (result != raw.SQLITE_DONE)
                {
                    CheckNative(database, result);
                }

                // The rows this statement inserted or updated: 0 when the WHERE kept the stored version.
                changed += raw.sqlite3_changes(database);
            }

            return changed;
        }
    }
}
