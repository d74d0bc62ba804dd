namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>
/// <see cref="IStoreStatistics"/> on PostgreSQL (issue 17 item 6): <c>pg_database_size</c> of the hub's database, and
/// the oldest raw reading through the index on ts (schema version 2) of each day partition, so both answer quickly at
/// any size. PostgreSQL reuses the space of deleted rows inside each table and says nothing cheap about it, so
/// <see cref="StoreStatistics.FreeBytes"/> is 0 here; dropped day partitions give their files back whole.
/// </summary>
internal sealed class PostgreSqlStoreStatistics(PostgreSqlConnections connections) : IStoreStatistics
{
    public async Task<StoreStatistics> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Pg.Command(connection,
            $"SELECT pg_database_size(current_database()), (SELECT min(ts) FROM {PostgreSqlSchema.RawTable})");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new StoreStatistics(reader.GetInt64(0), 0, reader.IsDBNull(1) ? null : StoreTime.FromMicros(reader.GetInt64(1)));
    }
}
