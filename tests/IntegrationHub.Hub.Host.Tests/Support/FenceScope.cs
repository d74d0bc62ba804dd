using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Tests.Support;

/// <summary>Runs a write as leased work does (issue 18 item 1), with a fence of the test's choosing, and a stolen lease to test it with.</summary>
internal static class FenceScope
{
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    /// <summary>As the lease runner does around its work: the fence is ambient in this flow only.</summary>
    public static async Task<T> UnderAsync<T>(LeaseFence fence, Func<Task<T>> write)
    {
        LeaseFence.Current = fence;
        try
        {
            return await write();
        }
        finally
        {
            LeaseFence.Current = null;
        }
    }

    /// <summary>
    /// Lease <paramref name="lease"/> taken by node-a, then gone to node-b (a release and a take-over, the token one up),
    /// as when node-a was paused or cut off: node-a's grant (now stale) and node-b's.
    /// </summary>
    public static async Task<(LeaseGrant Mine, LeaseGrant Theirs)> StolenAsync(ILeaseStore leases, string lease)
    {
        var mine = (await leases.TryAcquireAsync(lease, "node-a", Long, CancellationToken.None))!;
        await leases.ReleaseAsync(mine, CancellationToken.None);
        var theirs = (await leases.TryAcquireAsync(lease, "node-b", Long, CancellationToken.None))!;
        return (mine, theirs);
    }
}
