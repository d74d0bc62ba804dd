using System.Globalization;
using static IntegrationHub.Hub.Host.Store.Sqlite.Db;

namespace IntegrationHub.Hub.Host.Store.Sqlite;

/// <summary>
/// <see cref="IStoreStatistics"/> on SQLite: the page counts (no file system call, so it works whatever the path) and
/// the oldest raw reading through the index on ts (migration 13): both answer in microseconds at any size.
/// </summary>
internal sealed class SqliteStoreStatistics(IStoreConnectionFactory connections) : IStoreStatistics
{
    public async Task<StoreStatistics> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT (SELECT page_count FROM pragma_page_count()), (SELECT freelist_count FROM pragma_freelist_count()),
                   (SELECT page_size FROM pragma_page_size()), (SELECT min(ts) FROM telemetry_readings)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var pageSize = reader.GetInt64(2);
        return new StoreStatistics(
            reader.GetInt64(0) * pageSize,
            reader.GetInt64(1) * pageSize,
            reader.IsDBNull(3) ? null : FromMicros(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)));
    }
}
