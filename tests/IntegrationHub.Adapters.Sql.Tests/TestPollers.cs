using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Adapters.Sql.Tests;

/// <summary>The polled <c>orders</c> table's source and a poller on it, shared by the PostgreSQL polling tests.</summary>
internal static class TestPollers
{
    public static SqlSourceOptions Orders(string connectionString, string columns, long overlap, int batchSize) => new()
    {
        Name = "erp-orders",
        Provider = SqlProviders.Npgsql,
        ConnectionString = connectionString,
        Query = $"SELECT {columns} FROM orders WHERE updated_at >= @watermark ORDER BY updated_at, id",
        KeyColumn = "id",
        WatermarkColumn = "updated_at",
        WatermarkKind = WatermarkKind.Timestamp,
        Overlap = overlap,
        BatchSize = batchSize,
        CommandTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A poller whose retries start after 100 ms, so that the retry tests do not wait a second.</summary>
    public static SqlSourcePoller Poller(SqlSourceOptions source, ISqlBatchSink sink)
    {
        SqlProviders.Register(new SqlOptions(), "plugins");
        return new SqlSourcePoller(
            source, SqlProviders.Resolve(source.Provider, "plugins"), sink, TimeProvider.System, NullLogger.Instance,
            TimeSpan.FromMilliseconds(100));
    }
}
