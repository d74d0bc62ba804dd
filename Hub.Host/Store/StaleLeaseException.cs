namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// A durable write of leased work was refused because this node's token is no longer the lease's (another node took
/// the work over): nothing of the transaction was stored.
/// </summary>
internal sealed class StaleLeaseException(string lease, long token, string write)
    : InvalidOperationException($"lease '{lease}': token {token} is no longer the holder's (another node took the work over); the {write} was refused and rolled back")
{
    public string Lease { get; } = lease;

    public long Token { get; } = token;
}
