namespace IntegrationHub.Hub.Host.Store;

/// <summary>
/// Leases for work that must run on exactly one node (issue 18 item 1): one row per work, its holder, a fencing token
/// that grows with every new holder, and an expiry taken from the database's clock, so that the nodes' own clocks do
/// not matter. Every call is one statement.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it is free or expired, with the next token; null while it is live, whoever holds it (a node
    /// whose renewal failed waits for its own lease to run out like any other).
    /// </summary>
    Task<LeaseGrant?> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends the lease while this holder still has it with this token; null when it was lost.</summary>
    Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up at once (expires it) while this holder still has it with this token.</summary>
    Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken);

    /// <summary>Every lease, by name, with whether it has expired by the database's clock.</summary>
    Task<IReadOnlyList<LeaseRecord>> ListAsync(CancellationToken cancellationToken);
}
