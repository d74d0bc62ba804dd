namespace IntegrationHub.Hub.Host.Store;

/// <summary>The answer of <see cref="IStoreHealthProbe.CheckAsync(CancellationToken)"/>.</summary>
/// <param name="Description">Where the data lives, as <see cref="IStoreHealthProbe.Describe"/> says.</param>
/// <param name="Reachable">Whether the database answered.</param>
/// <param name="Error">Why not, when it did not.</param>
internal sealed record StoreCheck(string Description, bool Reachable, string? Error);
