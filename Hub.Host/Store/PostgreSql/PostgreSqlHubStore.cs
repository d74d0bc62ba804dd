using IntegrationHub.Crm.Core.Changes;
using IntegrationHub.Crm.Core.Customers;
using IntegrationHub.Crm.Core.Equipment;
using IntegrationHub.Crm.Core.Orders;
using IntegrationHub.Crm.Core.Production;
using IntegrationHub.Crm.Core.Shipping;
using IntegrationHub.Hub.Host.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IHubStore"/> on PostgreSQL (issue 17 item 2), with the SQLite store's behaviour: idempotent upserts where
/// the last writer on the source timestamp wins, dead letters keyed by source and file content, every reading kept as
/// history and the newest as the latest value. What is fast here differs: statements go out together in an
/// <see cref="NpgsqlBatch"/> (one round trip), are prepared per connection (auto-prepare, see
/// <see cref="PostgreSqlConnections"/>), and reading batches arrive by binary COPY.
/// </summary>
internal sealed partial class PostgreSqlHubStore(
    PostgreSqlConnections connections, TimeProvider time, ILogger<PostgreSqlHubStore> logger, StoreFeatures? features = null,
    StoreInstruments? instruments = null)
    : IHubStore
{
    private readonly RawPartitions _partitions = new(connections, time, logger);

    /// <summary>The raw history's day partitions, for tests and the retention service.</summary>
    internal RawPartitions Partitions => _partitions;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        int version;
        try
        {
            version = await new PostgreSqlMigrator(connections, time, logger).MigrateAsync(cancellationToken).ConfigureAwait(false);
            await _partitions.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            // Start-up errors name the setting and what was tried, never the password (issue 17, "Bad input and faults").
            throw PostgreSqlStartupError.From(ex, connections);
        }

        PostgreSqlLog.SchemaReady(logger, version, connections.Describe());
    }

    /// <summary>
    /// Retention of the raw telemetry history (issue 17 item 6): drops each day partition that lies wholly before
    /// <paramref name="cutoff"/>; the rows of the day the cutoff falls in are deleted by
    /// <see cref="PostgreSqlTelemetryHistoryStore.DeleteRawBeforeAsync"/>. Returns the partitions dropped.
    /// </summary>
    public Task<IReadOnlyList<string>> DropRawPartitionsOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _partitions.DropOlderThanAsync(cutoff, cancellationToken);


    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
