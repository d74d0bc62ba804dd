namespace IntegrationHub.Hub.Host.Health;

/// <summary>Whether the store answers, and where it is.</summary>
internal sealed record StoreHealth(string Description, bool Reachable, string? Error);
