namespace IntegrationHub.Hub.Host.Store;

/// <summary>Whether the store answers, for <c>/health</c> and the start-up log.</summary>
internal interface IStoreHealthProbe
{
    /// <summary>Where the data lives, for people (never a password).</summary>
    string Describe();

    /// <summary>
    /// Runs the cheapest statement the database answers. A database that cannot be reached is a value
    /// (<see cref="StoreCheck.Reachable"/> false, with the error), not an exception.
    /// </summary>
    Task<StoreCheck> CheckAsync(CancellationToken cancellationToken);
}
