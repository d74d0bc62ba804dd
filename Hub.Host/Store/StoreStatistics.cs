namespace IntegrationHub.Hub.Host.Store;

/// <summary>The store's size and its oldest raw reading.</summary>
/// <param name="SizeBytes">The database's size: on SQLite the main file's pages, without the write-ahead log.</param>
/// <param name="FreeBytes">Of <paramref name="SizeBytes"/>, pages free for reuse (deleted rows); the file does not shrink, it is reused.</param>
/// <param name="OldestRawReading">The timestamp of the oldest raw reading kept; null when there is none.</param>
internal sealed record StoreStatistics(long SizeBytes, long FreeBytes, DateTimeOffset? OldestRawReading);
