namespace IntegrationHub.Hub.Host.Store;

/// <summary>How big the store is and how far back its raw telemetry goes, for <c>/health</c> (issue 17 item 6).</summary>
internal interface IStoreStatistics
{
    Task<StoreStatistics> ReadAsync(CancellationToken cancellationToken);
}
