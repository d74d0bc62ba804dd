using System.Data;
using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Adapters.Sql;
using IntegrationHub.Bench.Running;
using IntegrationHub.Hub.Host.Pipeline;
using IntegrationHub.Hub.Host.Store.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IntegrationHub.Bench.Sql;

/// <summary>
/// The references measured beside the hub's poll in the same run (issue 17, "Benchmarks"), each one task:
/// <list type="bullet">
/// <item><c>ado-read</c>: the query read by Npgsql's DbDataReader, every column as a .NET value (GetValue), nothing kept: reading alone.</item>
/// <item><c>poll-read</c>: the hub's SqlSourcePoller, batches dropped once read (text per column, de-duplication, records).</item>
/// <item><c>poll-map</c>: the same, each batch mapped by the hub's RecordMapper on the reading side, then dropped.</item>
/// <item><c>floor</c>: the same poller's batches through the plainest insert into the store's entities table (<see cref="FloorSink"/>),
/// on SQLite, or on PostgreSQL when a store connection string is given.</item>
/// </list>
/// </summary>
internal static class SqlStages
{
    public static async Task<TaskMeasurement> RunAsync(
        string stage, string connectionString, string dataFolder, string mappingsFolder, string? postgresStore, CancellationToken cancellationToken)
    {
        return stage switch
        {
            "ado-read" => await MeasureAsync(stage, () => AdoReadAsync(connectionString, cancellationToken), "every column read with GetValue").ConfigureAwait(false),
            "poll-read" => await PollAsync(stage, connectionString, new StageSink(null), null, cancellationToken).ConfigureAwait(false),
            "poll-map" => await PollMappedAsync(connectionString, dataFolder, mappingsFolder, cancellationToken).ConfigureAwait(false),
            "floor" => await FloorAsync(connectionString, dataFolder, mappingsFolder, postgresStore, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unknown sql stage '{stage}': ado-read, poll-read, poll-map or floor.", nameof(stage)),
        };
    }

    private static async Task<long> AdoReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SqlBenchmark.Query, connection);
        command.Parameters.AddWithValue("watermark", DateTime.MinValue.ToUniversalTime());
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, cancellationToken).ConfigureAwait(false);
        long rows = 0, nonNull = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                nonNull += reader.GetValue(i) is DBNull ? 0 : 1;
            }
        }

        return nonNull > 0 ? rows : throw new InvalidOperationException("The query returned no values.");
    }

    private static async Task<TaskMeasurement> PollMappedAsync(string connectionString, string dataFolder, string mappingsFolder, CancellationToken cancellationToken)
    {
        await using var provider = await HubServices.PrepareFreshAsync(dataFolder, mappingsFolder, withAdapters: false, cancellationToken).ConfigureAwait(false);
        var sink = new StageSink(provider.GetRequiredService<RecordMapper>());
        var measured = await PollAsync("poll-map", connectionString, sink, null, cancellationToken).ConfigureAwait(false);
        return sink.Changes == sink.Rows
            ? measured
            : throw new InvalidOperationException($"Mapping failed for {sink.Rows - sink.Changes} of {sink.Rows} rows.");
    }

    private static async Task<TaskMeasurement> FloorAsync(
        string connectionString, string dataFolder, string mappingsFolder, string? postgresStore, CancellationToken cancellationToken)
    {
        // The hub's migrations make the schema (same table, same indexes); the floor then writes past the hub.
        await using var provider = await HubServices.PrepareFreshAsync(
            dataFolder, mappingsFolder, withAdapters: false, cancellationToken, HubStoreSettings.With(postgresStore)).ConfigureAwait(false);
        await using var connection = postgresStore is null
            ? await provider.GetRequiredService<IStoreConnectionFactory>().OpenAsync(cancellationToken).ConfigureAwait(false)
            : new NpgsqlConnection(postgresStore);
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var sink = new FloorSink(connection,
            "INSERT INTO poll_watermarks (source, watermark, updated_at) VALUES (@source, @watermark, @at) "
            + "ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at");
        var name = postgresStore is null ? "floor-sqlite" : "floor-postgresql";
        var measured = await PollAsync(name, connectionString, sink, $"plain prepared INSERT into entities on {HubStoreSettings.Name(postgresStore)}", cancellationToken).ConfigureAwait(false);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM entities";
        var stored = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        return stored == sink.Rows && stored == measured.Rows
            ? measured
            : throw new InvalidOperationException($"The floor stored {stored} rows of {measured.Rows}.");
    }

    private static async Task<TaskMeasurement> PollAsync(string name, string connectionString, ISqlBatchSink sink, string? note, CancellationToken cancellationToken)
    {
        var source = new SqlSourceOptions
        {
            Name = "erp-db-orders",
            Provider = SqlProviders.Npgsql,
            ConnectionString = connectionString,
            Query = SqlBenchmark.Query,
            KeyColumn = "order_no",
            WatermarkColumn = "updated_at",
            WatermarkKind = WatermarkKind.Timestamp,
            CommandTimeout = TimeSpan.FromMinutes(10),
        };
        var poller = new SqlSourcePoller(source, NpgsqlFactory.Instance, sink, TimeProvider.System, NullLogger.Instance);
        return await MeasureAsync(name, async () => (long)await poller.PollOnceAsync(cancellationToken).ConfigureAwait(false),
            note ?? "SqlSourcePoller, batches of 5,000").ConfigureAwait(false);
    }

    private static async Task<TaskMeasurement> MeasureAsync(string name, Func<Task<long>> run, string note)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var rows = await run().ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new TaskMeasurement(name, rows, seconds, PeakMemory.OfThisProcessMiB(), note, cpuSeconds);
    }
}
