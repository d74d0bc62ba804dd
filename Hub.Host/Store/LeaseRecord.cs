namespace IntegrationHub.Hub.Host.Store;

/// <summary>A lease row as <c>/health</c> shows it; <see cref="Live"/> is false once the database's clock passed the expiry.</summary>
internal sealed record LeaseRecord(string Name, string Holder, long Token, DateTimeOffset ExpiresAt, bool Live);
