namespace IntegrationHub.Hub.Host.Hosting;

/// <summary>
/// The leases of work that must run on exactly one node (section <c>Hub:Leases</c>, issue 18 item 1): the MES
/// subscription, each database and REST poller, the file-drop inbox, the rules stage (SLA escalation) and retention.
/// With the defaults a dead node's work moves to another within <see cref="Duration"/> + <see cref="RetryInterval"/>
/// (8 s), under the 10 s.
/// </summary>
internal sealed record LeaseOptions
{
    /// <summary>How long a lease lasts after its last renewal, by the database's clock.</summary>
    /// <value>The default value is 6 seconds; more than <see cref="RenewInterval"/>.</value>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How often the holder renews its leases; a renewal that fails stops the work on this node.</summary>
    /// <value>The default value is 2 seconds, so that two renewals may fail to arrive before the lease runs out.</value>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a node that does not hold a lease tries to take it.</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(2);
}
