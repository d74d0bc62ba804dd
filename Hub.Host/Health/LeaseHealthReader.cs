using IntegrationHub.Hub.Host.Leases;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Health;

/// <summary>The leases section of <c>/health</c>: the store's lease rows, with whether this node runs each work.</summary>
internal static class LeaseHealthReader
{
    /// <summary>
    /// Every lease the store knows and every work this node runs under one (a <see cref="LeasedWork"/>, or a lease the
    /// rules stage holds itself: its partitions <c>rules/p0</c>... and <c>rules/sla</c>, issue 18 item 2); when the
    /// store does not answer, this node's own view alone (holder unknown).
    /// </summary>
    public static async Task<IReadOnlyList<LeaseHealth>> ReadAsync(
        ILeaseStore store, IEnumerable<LeasedWork> works, IReadOnlyList<LeaseGrant> alsoHeld, bool reachable, CancellationToken cancellationToken)
    {
        var local = works.ToDictionary(w => w.Name, w => w.Held, StringComparer.Ordinal);
        foreach (var grant in alsoHeld)
        {
            local[grant.Name] = grant;
        }

        IReadOnlyList<LeaseRecord> rows = [];
        if (reachable)
        {
            try
            {
                rows = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (StoreFaults.IsTransient(ex))
            {
                // The database went away after the probe: this node's view alone, as when it is unreachable.
            }
        }

        var byName = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
        return byName.Keys.Union(local.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name =>
        {
            var held = local.GetValueOrDefault(name);
            return byName.TryGetValue(name, out var row)
                ? new LeaseHealth(name, row.Holder, row.Token, row.ExpiresAt, row.Live, held is not null && held.Token == row.Token && held.Holder == row.Holder)
                : new LeaseHealth(name, null, null, null, false, held is not null);
        }).ToList();
    }
}
