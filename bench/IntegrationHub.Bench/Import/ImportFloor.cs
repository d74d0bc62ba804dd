using System.Diagnostics;
using IntegrationHub.Adapters.Files;
using IntegrationHub.Adapters.Files.Csv;
using IntegrationHub.Bench.Running;
using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace IntegrationHub.Bench.Import;

/// <summary>
/// The store's floor for an import (issue 17, Benchmarks): the export's rows, read, mapped and serialized before the
/// clock starts, inserted into the <c>entities</c> table of a fresh store (the hub's schema, so the same indexes) by the
/// plainest code there is: on SQLite one prepared plain INSERT on SQLite's own handle, on the store's own connection
/// (same pragmas), one transaction per batch of Hub:Files:BatchSize rows; on PostgreSQL one binary COPY straight into
/// <c>entities</c> per batch, committed. What the hub spends beyond this is ours; this is the database's own work.
/// </summary>
internal static class ImportFloor
{
    private const string InsertSql = """
        INSERT INTO entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
        """;

    private const string CopySql = """
        COPY entities (kind, entity_key, customer_code, order_no, sort_at, source, source_ts, source_ref, body, stored_at)
        FROM STDIN (FORMAT BINARY)
        """;

    public static async Task<TaskMeasurement> RunAsync(
        string export, string dataFolder, string mappingsFolder, string? postgres, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(
            dataFolder, mappingsFolder, withAdapters: false, cancellationToken, HubStoreSettings.With(postgres)).ConfigureAwait(false);
        var mapper = provider.GetRequiredService<RecordMapper>();
        var mapping = provider.GetRequiredService<HubMappings>().Catalog.Mappings.Single(m => m.Target == EntityKind.SalesOrder && m.File is not null);
        var binding = new FileSourceBinding(mapping.Source, mapping.File!.Match, mapping.File.Encoding, mapping.File.Delimiter);
        var batchSize = provider.GetRequiredService<IOptions<FileDropOptions>>().Value.BatchSize;
        var receivedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(export), TimeSpan.Zero);
        var batches = new List<List<FloorRow>>();
        await foreach (var chunk in CsvFileReader.ReadAsync(export, binding, batchSize, receivedAt, cancellationToken).ConfigureAwait(false))
        {
            batches.Add([.. mapper.Map(chunk.Records).Changes.Select(FloorRow.Of)]);
        }

        var rows = batches.Sum(b => b.Count);
        var now = StoreTime.Micros(DateTimeOffset.UtcNow);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        if (postgres is null)
        {
            await InsertAsync(provider.GetRequiredService<IStoreConnectionFactory>(), batches, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CopyAsync(postgres, batches, now, cancellationToken).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var stored = (await provider.GetRequiredService<IHubStore>().CountEntitiesAsync(cancellationToken).ConfigureAwait(false))[EntityKind.SalesOrder];
        if (stored != rows)
        {
            throw new InvalidOperationException($"The floor stored {stored} orders of {rows} rows.");
        }

        return new TaskMeasurement(postgres is null ? "floor-sqlite" : "floor-postgresql", rows, seconds, PeakMemory.OfThisProcessMiB(),
            postgres is null ? "plain INSERT, one prepared statement" : "binary COPY into entities", cpuSeconds);
    }

    private static async Task InsertAsync(IStoreConnectionFactory connections, List<List<FloorRow>> batches, long now, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var database = connection.Handle!;
        Check(database, raw.sqlite3_prepare_v2(database, InsertSql, out var statement));
        using (statement)
        {
            foreach (var batch in batches)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (var row in batch)
                {
                    raw.sqlite3_bind_text(statement, 1, row.Kind);
                    raw.sqlite3_bind_text(statement, 2, row.Key);
                    _ = row.Customer is null ? raw.sqlite3_bind_null(statement, 3) : raw.sqlite3_bind_text(statement, 3, row.Customer);
                    _ = row.Order is null ? raw.sqlite3_bind_null(statement, 4) : raw.sqlite3_bind_text(statement, 4, row.Order);
                    _ = row.Sort is { } s ? raw.sqlite3_bind_int64(statement, 5, s) : raw.sqlite3_bind_null(statement, 5);
                    raw.sqlite3_bind_text(statement, 6, row.Source);
                    raw.sqlite3_bind_int64(statement, 7, row.SourceTs);
                    _ = row.Reference is null ? raw.sqlite3_bind_null(statement, 8) : raw.sqlite3_bind_text(statement, 8, row.Reference);
                    raw.sqlite3_bind_text(statement, 9, row.Body.AsSpan());
                    raw.sqlite3_bind_int64(statement, 10, now);
                    var result = raw.sqlite3_step(statement);
                    raw.sqlite3_reset(statement);
                    if (result != raw.SQLITE_DONE)
                    {
                        Check(database, result);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyAsync(string postgres, List<List<FloorRow>> batches, long now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var batch in batches)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken).ConfigureAwait(false))
            {
                foreach (var row in batch)
                {
                    importer.StartRow();
                    importer.Write(row.Kind, NpgsqlDbType.Text);
                    importer.Write(row.Key, NpgsqlDbType.Text);
                    WriteOrNull(importer, row.Customer);
                    WriteOrNull(importer, row.Order);
                    if (row.Sort is { } s)
                    {
                        importer.Write(s, NpgsqlDbType.Bigint);
                    }
                    else
                    {
                        importer.WriteNull();
                    }

                    importer.Write(row.Source, NpgsqlDbType.Text);
                    importer.Write(row.SourceTs, NpgsqlDbType.Bigint);
                    WriteOrNull(importer, row.Reference);
                    importer.Write(row.BodyText, NpgsqlDbType.Text);
                    importer.Write(now, NpgsqlDbType.Bigint);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void WriteOrNull(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Check(sqlite3 database, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", result);
        }
    }
}
