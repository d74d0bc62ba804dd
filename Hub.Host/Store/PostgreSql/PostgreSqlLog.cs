using Microsoft.Extensions.Logging;

namespace IntegrationHub.Hub.Host.Store.PostgreSql;

/// <summary>The PostgreSQL store's log messages; event ids 1520-1549 are stable for alerting.</summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(1520, LogLevel.Information, "PostgreSQL schema step {Version} applied: {Name}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(1521, LogLevel.Information, "Another process is migrating the PostgreSQL schema (advisory lock {LockKey}); waiting for it")]
    public static partial void WaitingForMigrationLock(ILogger logger, long lockKey);

    [LoggerMessage(1522, LogLevel.Information, "Telemetry history partition {Partition} created for {Day}")]
    public static partial void PartitionCreated(ILogger logger, string partition, string day);

    [LoggerMessage(1523, LogLevel.Information, "{Count} telemetry history partitions older than {Cutoff} dropped: {Partitions}")]
    public static partial void PartitionsDropped(ILogger logger, int count, DateTimeOffset cutoff, string partitions);

    [LoggerMessage(1524, LogLevel.Warning, "A reading fell outside the telemetry history partitions this process knew (another process dropped one); partitions re-read, batch retried")]
    public static partial void PartitionMissing(ILogger logger);

    [LoggerMessage(1525, LogLevel.Information, "PostgreSQL schema at version {Version} on {Store}")]
    public static partial void SchemaReady(ILogger logger, int version, string store);
}
