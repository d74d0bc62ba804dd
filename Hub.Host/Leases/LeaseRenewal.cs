using IntegrationHub.Hub.Host.Hosting;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Leases;

/// <summary>One renewal of a held lease, as every holder of leased work does it (issue 18 item 1).</summary>
internal static class LeaseRenewal
{
    /// <summary>
    /// Renews <paramref name="held"/>: the renewed grant, or null with the reason the lease is lost. A renewal that has
    /// not come back by the time the lease may have run out counts as failed, so that the work stops rather than run on
    /// without a lease. Throws <see cref="OperationCanceledException"/> only when <paramref name="stoppingToken"/> is.
    /// </summary>
    public static async Task<(LeaseGrant? Renewed, string Reason)> RenewAsync(
        ILeaseStore store, LeaseGrant held, LeaseOptions leases, TimeProvider time, CancellationToken stoppingToken)
    {
        using var limit = new CancellationTokenSource(leases.Duration - leases.RenewInterval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, limit.Token);
        try
        {
            return await store.RenewAsync(held, leases.Duration, linked.Token).ConfigureAwait(false) is { } renewed
                ? (renewed, string.Empty)
                : (null, "another node holds it now");
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            return (null, limit.IsCancellationRequested ? $"the renewal did not come back within {leases.Duration - leases.RenewInterval}" : "the renewal failed: " + ex.Message);
        }
    }
}
