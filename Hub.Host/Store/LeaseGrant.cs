namespace IntegrationHub.Hub.Host.Store;

/// <summary>A lease held: its work's name, the holder's node id, the fencing token and the expiry (database clock).</summary>
internal sealed record LeaseGrant(string Name, string Holder, long Token, DateTimeOffset ExpiresAt);
